/** Scores, curves and the classification report for binary and imbalanced problems. */
export {
  balancedAccuracy, precision, recall, fBeta, f1, matthewsCorrcoef, prAuc, averagePrecision, logLoss, brierScore,
  LOG_LOSS_EPS,
} from './binary-scores.js';
export {
  rocCurve, precisionRecallCurve, calibrationCurve, binaryClfCurve,
  type RocCurve, type PrecisionRecallCurve, type CalibrationCurve, type ClfCurve,
} from './curves.js';
export {
  classificationReport, classificationReportData,
  type ClassificationReportOptions, type ClassificationReportData, type ClassRow,
} from './report.js';
export { decisionThreshold } from './decision-scorers.js';
