// What the smoke scripts of this folder share: settings read from the environment, the problems an answer shows,
// and how a script ends (one JSON line of ids on stdout and exit 0, or one line per problem on stderr and exit 1).
// Nothing here prints a setting's value.

/** The helpers of the script `name` (the prefix of every line it writes to stderr). */
export function smoke(name) {
  const problems = [];
  return {
    problems,
    /** Records `message` as a problem unless `ok`; returns `ok`. */
    check(ok, message) {
      if (!ok) {
        problems.push(message);
      }
      return ok;
    },
    /** The environment variable `variable`; a missing one that is not `optional` exits 2. */
    setting(variable, optional = false) {
      const value = process.env[variable];
      if (!value && !optional) {
        console.error(`${name}: the environment variable ${variable} is not set`);
        process.exit(2);
      }
      return value;
    },
    /** Ends the script at once with `message`. */
    fail(message) {
      console.error(`${name}: ${message}`);
      process.exit(1);
    },
    /** Exits 1 with the problems found, or prints `summary` as one JSON line. */
    finish(summary) {
      if (problems.length > 0) {
        for (const problem of problems) {
          console.error(`${name}: ${problem}`);
        }
        process.exit(1);
      }
      console.log(JSON.stringify(summary));
    },
  };
}
