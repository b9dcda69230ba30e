/** Command-line options of the benchmarks: Node's own parser, and --help printing the script's doc comment. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * Parses `argv` against `options` (`--name value` or `--name=value`; booleans may be negated as
 * `--no-name`). Unknown options are an error. `--help`/`-h` prints the doc comment at the top of
 * `scriptUrl` (the caller's import.meta.url) and exits.
 */
export function readOptions<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O, scriptUrl: string) {
  const { values } = parseArgs({
    args: argv,
    options: { ...options, help: { type: 'boolean', short: 'h' } },
    strict: true,
    allowPositionals: false,
    allowNegative: true,
  });
  if ((values as { help?: boolean }).help) {
    console.log(readFileSync(fileURLToPath(scriptUrl), 'utf8').split('*/')[0]!.replace(/^\/\*\*?|^ \* ?/gm, ''));
    process.exit(0);
  }
  return values as { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string };
}

/** "1000,10000" → [1000, 10000]. */
export const numberList = (text: string) => text.split(',').map((item) => Number(item.trim()));
