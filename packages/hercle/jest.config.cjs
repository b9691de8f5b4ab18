module.exports = { displayName: 'hercle', preset: '../../jest.preset.js' };
