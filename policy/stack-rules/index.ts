export * from './stack-rule';
export * from './stack-context';
export * from './check-stack';
export * from './catalogue';
