import { REDACTED, redactFrame, redactUrl } from './redact';

const RS = String.fromCharCode(0x1e);

test('redacts credential fields in every JSON message of a SignalR frame, and known secrets anywhere', () => {
  const setup = JSON.stringify({ type: 1, target: 'setup', invocationId: '0', arguments: [{ apiKey: 'k-123', nonce: 'n-1', timestamp: 1, signature: 'c2ln' }] });
  const frame = `${setup}${RS}${JSON.stringify({ type: 6 })}${RS}`;
  const out = redactFrame(frame, ['k-123']);
  expect(out.split(RS)).toEqual([
    JSON.stringify({ type: 1, target: 'setup', invocationId: '0', arguments: [{ apiKey: REDACTED, nonce: REDACTED, timestamp: 1, signature: REDACTED }] }),
    '{"type":6}',
    '',
  ]);
  expect(redactFrame('not json with s3cret inside', ['s3cret'])).toBe(`not json with ${REDACTED} inside`);
  expect(redactFrame('{"event":"bind","feed":"F","feedId":"BTC-USD"}', [])).toBe('{"event":"bind","feed":"F","feedId":"BTC-USD"}');
});

test('redacts the API key of a hub path, user info and secret query parameters of a URL', () => {
  expect(redactUrl('wss://h/streams/v1/KEY-1/signalr?correlationId=c&access_token=t', ['KEY-1'])).toBe(`wss://h/streams/v1/${REDACTED}/signalr?correlationId=c&access_token=%5Bredacted%5D`);
  expect(redactUrl('wss://user:pw@h/ws', [])).not.toContain('pw');
});
