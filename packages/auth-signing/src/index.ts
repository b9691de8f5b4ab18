/**
 * @org/auth-signing in Node.js: the platform-neutral recipes (`./browser`, all that browser
 * bundles get through the `browser` export condition) and the Node-only signers of Finery
 * and eToroX (`./node`). Public surface only.
 */
export * from './browser';
export * from './node';
