/** The protocol files (`finery.md`, …) cited by the package in `packageDir`: in src/ (tests aside) and README.md, sorted. */
export declare function citedProtocols(packageDir: string): string[];
/** What is out of sync between the packages' protocols/ copies and the reference, as lines; writes the fixes unless `check`. */
export declare function syncProtocols(options?: { check?: boolean; source?: string | undefined }): string[];
/** The reference directory (PROTOCOLS_DIR, else ../shared/protocols of the repository), or undefined. */
export declare function sourceDir(): string | undefined;
