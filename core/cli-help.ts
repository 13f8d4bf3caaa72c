/** Whether the arguments ask for help (`--help` or `-h` anywhere). */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes("--help") || argv.includes("-h");
}

/**
 * For commands without options: when the command line asks for help (`--help` or `-h`), prints `usage`
 * and returns true, so the command stops instead of running; unknown arguments are refused with the
 * usage and exit status 2.
 */
export function handleHelp(usage: string, argv: readonly string[] = process.argv.slice(2)): boolean {
  if (wantsHelp(argv)) {
    process.stdout.write(`usage: ${usage}\n`);
    return true;
  }
  if (argv.length > 0) {
    process.stderr.write(`error: unexpected argument ${JSON.stringify(argv[0])}\nusage: ${usage}\n`);
    process.exit(2);
  }
  return false;
}
