module.exports = { displayName: 'marketprophit', preset: '../../jest.preset.js' };
