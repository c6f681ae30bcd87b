/** Decisions on imbalanced binary problems: tuned thresholds and calibrated probabilities. */
export {
  tuneThreshold, chooseThreshold, TunedThresholdClassifier,
  type ThresholdMetric, type ThresholdChoice, type TuneThresholdOptions, type ThresholdedProba,
} from './threshold.js';
export {
  CalibratedClassifier, SigmoidCalibrator, IsotonicCalibrator, fitCalibrator,
  type Calibrator, type CalibratedClassifierOptions, type CalibrationDiagnostics,
} from './calibration.js';
export { outOfFoldProba, type ProbabilisticClassifier, type FoldSplitter, type OutOfFold } from './classifier-like.js';
