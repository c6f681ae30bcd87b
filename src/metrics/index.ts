/** Scores, curves and the classification report for binary and imbalanced problems. */
export {
  balancedAccuracy, precision, recall, fBeta, f1, matthewsCorrcoef, prAuc, logLoss, brierScore,
} from './binary-scores.js';
// Internals (LOG_LOSS_EPS, binaryClfCurve) and the averagePrecision alias of prAuc stay in their modules.
export {
  rocCurve, precisionRecallCurve, calibrationCurve,
  type RocCurve, type PrecisionRecallCurve, type CalibrationCurve, type ClfCurve,
} from './curves.js';
export {
  classificationReport, classificationReportData,
  type ClassificationReportOptions, type ClassificationReportData, type ClassRow,
} from './report.js';
export { decisionThreshold } from './decision-scorers.js';
export { topKCategoricalAccuracy, sparseTopKCategoricalAccuracy, precisionAtK, recallAtK } from './top-k.js';
