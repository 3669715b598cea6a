export * from './stack-document';
export * from './synth-reader';
export * from './references';
