export * from './provider-type';
export * from './connection-base';
export * from './connection';
export * from './host-base';
export * from './host';
export * from './source-action';
export * from './pipeline-source';
