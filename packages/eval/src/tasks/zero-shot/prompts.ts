/**
 * Class prompts for zero-shot classification. A template holds `{class}` (the class name
 * as written, e.g. "Pleural Effusion") or `{class_lower}`; PRIOR's default is
 * "<Class> is observed". Several templates per class are ensembled by averaging each
 * class's scores over its prompts.
 */
export const DEFAULT_TEMPLATES: readonly string[] = ['{class} is observed'];

/** A small ensemble in the style of radiology report statements. */
export const ENSEMBLE_TEMPLATES: readonly string[] = [
  '{class} is observed',
  'There is {class_lower}',
  'Findings consistent with {class_lower}',
  '{class} is present',
];

export function fillTemplate(template: string, className: string): string {
  if (!template.includes('{class}') && !template.includes('{class_lower}')) throw new RangeError(`prompt template ${JSON.stringify(template)} has no {class} or {class_lower}`);
  return template.replaceAll('{class_lower}', className.toLowerCase()).replaceAll('{class}', className);
}

/**
 * The prompts of every class, flat, and the class of each. `prompts` may give explicit
 * prompts per class (a record keyed by class name), overriding the templates for that class.
 */
export function classPrompts(
  classNames: readonly string[],
  templates: readonly string[] = DEFAULT_TEMPLATES,
  prompts: Readonly<Record<string, readonly string[]>> = {},
): { texts: string[]; classOf: number[] } {
  const texts: string[] = [];
  const classOf: number[] = [];
  classNames.forEach((name, k) => {
    const own = prompts[name] ?? templates.map((t) => fillTemplate(t, name));
    if (own.length === 0) throw new RangeError(`classPrompts: class ${JSON.stringify(name)} has no prompts`);
    for (const p of own) {
      texts.push(p);
      classOf.push(k);
    }
  });
  return { texts, classOf };
}
