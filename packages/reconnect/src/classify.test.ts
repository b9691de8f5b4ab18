import { classifyError } from './classify';
import { ConnectionClosedError, IdleTimeoutError, ReconnectConfigError, RetriesExhaustedError } from './errors';

describe('classifyError', () => {
  it('is fatal only when the error carries fatal === true', () => {
    expect(classifyError(Object.assign(new Error('401'), { fatal: true }))).toBe('fatal');
    expect(classifyError(new ReconnectConfigError('day', 'bad'))).toBe('fatal');
    expect(classifyError(new RetriesExhaustedError(3, new Error('x')))).toBe('fatal');
    expect(classifyError(new IdleTimeoutError(1_000))).toBe('transient');
    expect(classifyError(new ConnectionClosedError())).toBe('transient');
    expect(classifyError(Object.assign(new Error('x'), { fatal: 'yes' }))).toBe('transient');
    expect(classifyError(new Error('ECONNRESET'))).toBe('transient');
    expect(classifyError('string')).toBe('transient');
    expect(classifyError(undefined)).toBe('transient');
    expect(classifyError(null)).toBe('transient');
  });
});
