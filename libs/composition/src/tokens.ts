/** Injection tokens for what the composition opens (symbols only: the library stays framework-free). */
export const LIFELINE_RUNTIME = Symbol('LIFELINE_RUNTIME');
export const PROJECTOR = Symbol('PROJECTOR');
