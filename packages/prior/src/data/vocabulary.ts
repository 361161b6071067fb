/**
 * The WordPiece vocabulary of a data set without a published one (SynthCXR): trained on
 * the training reports' sentences and cached beside the data as a BERT `vocab.txt`, so
 * every run over the same tree tokenises the same way.
 */
import { BertTokenizer, type MimicPair, loadVocab, trainWordPiece, vocabToText } from '@prior/datasets';
import { writeFileAtomic } from '@prior/nn';

/** The cache file's name for a vocabulary size. */
export const vocabFileName = (vocabSize: number): string => `prior-wordpiece-${vocabSize}.txt`;

export interface VocabularyResult {
  tokenizer: BertTokenizer;
  path: string;
  /** True when this call trained it (no cache file yet). */
  trained: boolean;
}

/** Loads `<dir>/prior-wordpiece-<size>.txt`, or trains it on `pairs` and writes it there. */
export async function loadOrTrainVocabulary(dir: string, pairs: readonly MimicPair[], vocabSize: number): Promise<VocabularyResult> {
  const fs = await import('node:fs/promises');
  const path = `${dir.replace(/\/+$/, '')}/${vocabFileName(vocabSize)}`;
  try {
    const text = await fs.readFile(path, 'utf8');
    return { tokenizer: new BertTokenizer(loadVocab(text, path)), path, trained: false };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const tokens = trainWordPiece(
    pairs.flatMap((p) => p.sentences),
    { vocabSize },
  );
  await writeFileAtomic(path, new TextEncoder().encode(vocabToText(tokens)));
  return { tokenizer: new BertTokenizer(tokens), path, trained: true };
}
