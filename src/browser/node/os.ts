/** `os` in the page's worker: one core (the fast engine then stays on this worker's thread). */
export const cpus = (): unknown[] => [{}];
export const availableParallelism = (): number => 1;
export const tmpdir = (): string => "/tmp";
export const EOL = "\n";
