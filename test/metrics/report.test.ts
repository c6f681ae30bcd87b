import { describe, expect, it } from 'vitest';
import { classificationReport, classificationReportData } from '../../src/metrics/report.js';

describe('classificationReport', () => {
  it("matches scikit-learn's documented example character for character", () => {
    const text = classificationReport([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], { targetNames: ['class 0', 'class 1', 'class 2'] });
    expect(text).toBe(
      '              precision    recall  f1-score   support\n' +
      '\n' +
      '     class 0       0.50      1.00      0.67         1\n' +
      '     class 1       0.00      0.00      0.00         1\n' +
      '     class 2       1.00      0.67      0.80         3\n' +
      '\n' +
      '    accuracy                           0.60         5\n' +
      '   macro avg       0.50      0.56      0.49         5\n' +
      'weighted avg       0.70      0.60      0.61         5\n');
  });

  it('binary with long names and digits; a labels subset prints micro avg', () => {
    const y = [0, 0, 0, 0, 1, 1], pred = [0, 0, 0, 1, 1, 0];
    const d = classificationReportData(y, pred);
    expect(d.perClass[1]).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(d.perClass[0]).toEqual({ precision: 0.75, recall: 0.75, f1: 0.75, support: 4 });
    expect(d.accuracy).toBeCloseTo(4 / 6, 14);
    expect(d.weightedAvg.f1).toBeCloseTo((0.75 * 4 + 0.5 * 2) / 6, 14);
    const text = classificationReport(y, pred, { targetNames: ['tested_negative', 'tested_positive'], digits: 3 });
    expect(text.split('\n')[2]).toBe('tested_negative      0.750     0.750     0.750         4');
    expect(text).toContain('       accuracy                          0.667         6');
    const sub = classificationReport([0, 1, 2], [0, 2, 2], { labels: [1, 2] });
    expect(sub).toContain('   micro avg       0.50      0.50      0.50         2');
    expect(sub).not.toContain('accuracy');
  });
});
