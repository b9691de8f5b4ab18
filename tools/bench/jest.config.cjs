module.exports = { displayName: 'bench', preset: '../../jest.preset.js', testTimeout: 120000 };
