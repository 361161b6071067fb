import { describe, expect, it } from 'vitest';
import { cleanText, findingsAndImpression, parseReport, splitSentences } from '../../src/text/index.js';

describe('splitSentences', () => {
  it('splits plain sentences', () => {
    expect(splitSentences('No pneumothorax. Heart size is normal! Is there effusion? Yes.')).toEqual([
      'No pneumothorax.', 'Heart size is normal!', 'Is there effusion?', 'Yes.',
    ]);
  });
  it('keeps decimals and abbreviations inside sentences', () => {
    expect(splitSentences('A 2.5 cm nodule, approx. 3 mm larger than before. Dr. Smith was notified at 3.15 p.m. by phone.')).toEqual([
      'A 2.5 cm nodule, approx. 3 mm larger than before.', 'Dr. Smith was notified at 3.15 p.m. by phone.',
    ]);
    expect(splitSentences('Lines, e.g. the PICC, are unchanged. Findings i.e. effusion persist.')).toEqual([
      'Lines, e.g. the PICC, are unchanged.', 'Findings i.e. effusion persist.',
    ]);
  });
  it('numbered lists, on lines or inline', () => {
    expect(splitSentences('1. No acute process.\n2. Stable cardiomegaly\n3) Small left effusion.')).toEqual([
      'No acute process.', 'Stable cardiomegaly', 'Small left effusion.',
    ]);
    expect(splitSentences('IMPRESSION: 1. Pneumonia in the right lower lobe. 2. No effusion.')).toEqual([
      'IMPRESSION:', 'Pneumonia in the right lower lobe.', 'No effusion.',
    ]);
    expect(splitSentences('1. No change.', { stripListMarkers: false })).toEqual(['1. No change.']);
  });
  it('joins wrapped lines, breaks at blank lines', () => {
    expect(splitSentences('There is no focal consolidation, pleural effusion or\npneumothorax.  Bilateral nodular\nopacities\n\nHeart normal')).toEqual([
      'There is no focal consolidation, pleural effusion or pneumothorax.', 'Bilateral nodular opacities', 'Heart normal',
    ]);
  });
  it('all-caps reports and lower-case continuations', () => {
    expect(splitSentences('NO PNEUMOTHORAX. HEART SIZE NORMAL.')).toEqual(['NO PNEUMOTHORAX.', 'HEART SIZE NORMAL.']);
    expect(splitSentences('Compared to prior study vs. today there is no change.')).toEqual([
      'Compared to prior study vs. today there is no change.',
    ]);
  });
  it('drops empty and punctuation-only pieces', () => {
    expect(splitSentences(' . \n\n ... \n')).toEqual([]);
  });
});

describe('cleanText', () => {
  it('removes de-identification placeholders and tidies whitespace', () => {
    expect(cleanText('Dr. ___ was  notified at ___ .\r\n  Lungs clear.')).toBe('Dr. was notified at. Lungs clear.');
    expect(cleanText('Seen by ___ today', { deid: '[DEID]' })).toBe('Seen by [DEID] today');
    expect(cleanText('a\u0007b\u00a0c\n\n d', { keepLines: true })).toBe('a b c\nd');
  });
});

const MIMIC = `                                 FINAL REPORT
 EXAMINATION:  CHEST (PA AND LAT)

 INDICATION:  ___F with new onset ascites  // eval for infection

 TECHNIQUE:  Chest PA and lateral

 COMPARISON:  None.

 FINDINGS:

 There is no focal consolidation, pleural effusion or pneumothorax.  Bilateral
 nodular opacities that most likely represent nipple shadows. The
 cardiomediastinal silhouette is normal.  Clips project over the left lung,
 potentially within the breast. The imaged upper abdomen is unremarkable.
 Chronic deformity of the posterior left sixth and seventh ribs are noted.

 IMPRESSION:

 No acute cardiopulmonary process.
`;

describe('parseReport', () => {
  it('reads a MIMIC-CXR report', () => {
    const r = parseReport(MIMIC);
    expect(r.order).toEqual(['examination', 'indication', 'technique', 'comparison', 'findings', 'impression']);
    expect(r.sections.examination).toBe('CHEST (PA AND LAT)');
    expect(r.sections.comparison).toBe('None.');
    expect(r.impression).toBe('No acute cardiopulmonary process.');
    const sents = splitSentences(findingsAndImpression(r));
    expect(sents).toHaveLength(7);
    expect(sents[1]).toBe('Bilateral nodular opacities that most likely represent nipple shadows.');
    expect(sents[6]).toBe('No acute cardiopulmonary process.');
  });
  it('wet read preamble, inline text, aliases, mixed case, repeated headers', () => {
    const r = parseReport(
      'WET READ: ___ ___ 3:52 PM\n  no pna\nFINAL REPORT\nHISTORY: cough.\nFindings: Lungs clear.\nCONCLUSION: Normal.\nADDENDUM: none\nIMPRESSION: Unchanged.',
    );
    expect(r.order).toEqual(['wet_read', 'history', 'findings', 'impression', 'addendum']);
    expect(r.findings).toBe('Lungs clear.');
    expect(r.impression).toBe('Normal.\n\nUnchanged.');
    expect(r.sections.wet_read).toBe('___ ___ 3:52 PM\nno pna');
  });
  it('keeps times and lower-case colons as text, text without headers as preamble', () => {
    const r = parseReport('FINDINGS: Called at 10:30 today.\nnote: not a header\nSee above.');
    expect(r.findings).toBe('Called at 10:30 today.\nnote: not a header\nSee above.');
    expect(parseReport('Just text.').preamble).toBe('Just text.');
  });
});
