export * from './access';
export * from './errors';
export * from './languages';
export * from './limits';
export * from './territory';
export * from './text';
export * from './media';
export * from './brand';
