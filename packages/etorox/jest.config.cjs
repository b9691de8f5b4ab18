module.exports = { displayName: 'etorox', preset: '../../jest.preset.js' };
