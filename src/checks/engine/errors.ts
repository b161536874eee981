/**
 * The engine's own error: a stable code and a plain sentence, and no HTTP or platform type, so the engine
 * imports nothing outside itself. Callers that serve HTTP map it (see platform/errors for the app's kinds).
 */
export class EngineError extends Error {
  constructor(
    readonly code: 'ImageAnalyserMissing' | 'RuleUnknown',
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}
