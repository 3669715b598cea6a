export * from './stack-document';
export * from './synth-reader';
export * from './references';
export * from './stack-rule';
export * from './context';
export * from './check-stack';
export * from './stack-catalogue';
