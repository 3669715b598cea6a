export * from './tenant-stack';
export * from './site-stack';
export { addStateBackend, addBackendOf } from './state-backend';
