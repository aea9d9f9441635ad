/** sgd's version (`sgd --version`; the producer recorded in exported models). Kept equal to package.json's. */
export const VERSION = "0.1.0";
