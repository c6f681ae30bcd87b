import { Pipeline } from '../model-selection/pipeline.js';
import { TableTransformer, type TableTransformerConfig } from '../preprocessing/table-transformer.js';
import { RECIPE_DEFAULTS, TabularClassifier } from '../recipe/tabular-classifier.js';

/** Flags that describe a network by hand; without any of them the CLI uses the default recipe. */
export const ARCHITECTURE_FLAGS = ['layers', 'activation', 'optimizer', 'lr', 'epochs', 'batch-size', 'dropout', 'scale'] as const;

/** True when the command line sets none of the architecture flags. */
export function wantsRecipe(argv: readonly string[]): boolean {
  return !argv.some((t) => ARCHITECTURE_FLAGS.some((f) => t === `--${f}` || t.startsWith(`--${f}=`)));
}

/**
 * The default recipe: for a table, its columns imputed and encoded per fold (not scaled: the
 * recipe scales its inputs itself), then the recipe's classifier.
 */
export function makeRecipePipeline(seed: number, table: TableTransformerConfig | null = null, workers: number | 'auto' = 1): Pipeline {
  const encode = table ? [['columns', new TableTransformer({ ...table, scale: 'none' })] as [string, TableTransformer]] : [];
  return new Pipeline([...encode, ['classifier', new TabularClassifier({ seed, ...(workers === 1 ? {} : { workers }) })]]);
}

/** "default recipe, ensemble of 5: hidden relu layers (dropout 0.15) chosen by an inner 3-fold CV among 64-64, 64, none -> 1(sigmoid)" */
export function describeRecipe(nClasses: number): string {
  const r = RECIPE_DEFAULTS;
  const out = nClasses === 2 ? '1(sigmoid)' : `${nClasses}(softmax)`;
  if (r.hidden === 'auto') {
    const shapes = r.hiddenCandidates.map((h) => (h.length ? h.join('-') : 'none')).join(', ');
    return `default recipe, ensemble of ${r.ensemble}: hidden ${r.activation} layers (dropout ${r.dropout}) chosen by an inner ${r.selectFolds}-fold CV among ${shapes} -> ${out}`;
  }
  const hidden = r.hidden.map((u) => `${u}(${r.activation})${r.dropout > 0 ? ` dropout ${r.dropout}` : ''}`);
  return `default recipe, ensemble of ${r.ensemble}: ${[...hidden, out].join(' -> ')}`;
}

export function describeRecipeTraining(seed: number): string {
  const r = RECIPE_DEFAULTS;
  const inner = r.validationFraction > 0 ? `best epoch on a ${r.validationFraction} inner stratified split, ` : '';
  return `adamw (${r.schedule} lr ${r.learningRate}, weight decay ${r.weightDecay}), label smoothing ${r.labelSmoothing}, ${inner}epochs and batch scaled to the table, ${r.scaling} scaling${r.scaling === 'robust' ? ' + smooth clip' : ''}, seed ${seed} (flags such as --layers or --epochs switch to a hand-built network)`;
}
