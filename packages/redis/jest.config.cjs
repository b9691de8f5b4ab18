module.exports = { displayName: 'redis', preset: '../../jest.preset.js', testTimeout: 30000 };
