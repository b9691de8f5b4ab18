module.exports = { displayName: 'nats', preset: '../../jest.preset.js', testTimeout: 30000 };
