// Word offsets of the network descriptor; must match assembly/network.ts.
export const NET = {
  LAYERS: 0, LOSS: 1, BATCH_CAP: 2, PARAMS: 3, PARAM_COUNT: 4, GRADS: 5, OPT: 6, OPT_S1: 7, OPT_S2: 8,
  OPT_T: 9, LR: 10, OPT_A: 11, OPT_B: 12, OPT_EPS: 13, OPT_WD: 14, OPT_FLAGS: 15, RNG: 16, IN_DIM: 17,
  OUT_DIM: 18, XB: 19, YB: 20, WB: 21, PERM: 22, PERM_CAP: 23, LABEL_W: 24, GRAD_A: 25, GRAD_B: 26,
  HAS_REG: 27,
} as const;
export const HEADER_WORDS = 32;

export const LAYER = {
  KIND: 0, IN: 1, OUT: 2, ACT: 3, W: 4, B: 5, GW: 6, GB: 7, Z: 8, A: 9, ALPHA: 10, L1: 11, L2: 12,
  RATE: 13, MASK: 14, MEAN: 15, VAR: 16, EPS: 17, MOMENTUM: 18,
} as const;
export const LAYER_WORDS = 20;

export const KIND_DENSE = 0;
export const KIND_DROPOUT = 1;
export const KIND_BATCH_NORM = 2;

// Sparse (CSR) input descriptor; must match assembly/sparse-train.ts (SP_*).
export const SPARSE = {
  INDPTR: 0, INDICES: 1, VALUES: 2, DATA_INDPTR: 3, DATA_INDICES: 4, DATA_VALUES: 5,
  BATCH_INDPTR: 6, BATCH_INDICES: 7, BATCH_VALUES: 8,
} as const;
export const SPARSE_WORDS = 12;
