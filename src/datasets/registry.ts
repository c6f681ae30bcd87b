/**
 * The named benchmark datasets: where each comes from and what a correct copy looks like.
 * Nothing here is bundled: files are read from WASMLP_DATA_DIR, a user cache, or downloaded once.
 */
export interface DatasetSpec {
  /** File name in WASMLP_DATA_DIR and in the cache. */
  file: string;
  /** Public address of the original file. */
  url: string;
  rows: number;
  features: number;
  /** Label text -> number of rows, checked after every load. */
  classCounts: Record<string, number>;
  description: string;
}

const UCI = 'https://archive.ics.uci.edu/ml/machine-learning-databases';

/** The datasets loadDataset knows: file name, source URL and checksum. */
export const DATASETS = {
  sonar: {
    file: 'sonar.csv', url: `${UCI}/undocumented/connectionist-bench/sonar/sonar.all-data`,
    rows: 208, features: 60, classCounts: { M: 111, R: 97 },
    description: 'Sonar returns from metal cylinders (M) and rocks (R); 60 band energies in [0, 1].',
  },
  banknote: {
    file: 'banknote_authentication.csv', url: `${UCI}/00267/data_banknote_authentication.txt`,
    rows: 1372, features: 4, classCounts: { '0': 762, '1': 610 },
    description: 'Wavelet statistics of banknote images: authentic (0) or forged (1).',
  },
  pima: {
    // UCI withdrew this file; this is the copy the Keras tutorials load.
    file: 'pima-indians-diabetes.csv', url: 'https://raw.githubusercontent.com/jbrownlee/Datasets/master/pima-indians-diabetes.data.csv',
    rows: 768, features: 8, classCounts: { '0': 500, '1': 268 },
    description: 'Pima Indians diabetes onset within five years; zeros stand for missing values.',
  },
  ionosphere: {
    file: 'ionosphere.csv', url: `${UCI}/ionosphere/ionosphere.data`,
    rows: 351, features: 34, classCounts: { g: 225, b: 126 },
    description: 'Radar returns from the ionosphere: good (g) or bad (b).',
  },
  iris: {
    file: 'iris.csv', url: `${UCI}/iris/iris.data`,
    rows: 150, features: 4, classCounts: { 'Iris-setosa': 50, 'Iris-versicolor': 50, 'Iris-virginica': 50 },
    description: "Fisher's iris flowers: three species, four measurements.",
  },
} as const satisfies Record<string, DatasetSpec>;

/** The name of a shared dataset loadDataset knows. */
export type DatasetName = keyof typeof DATASETS;
/** The names of the datasets loadDataset knows. */
export const DATASET_NAMES = Object.keys(DATASETS) as DatasetName[];

export function isDatasetName(name: unknown): name is DatasetName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(DATASETS, name);
}
