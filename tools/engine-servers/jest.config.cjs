module.exports = { displayName: 'engine-servers', preset: '../../jest.preset.js', testTimeout: 30000 };
