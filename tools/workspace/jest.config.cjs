module.exports = { displayName: 'workspace', preset: '../../jest.preset.js', testTimeout: 60000 };
