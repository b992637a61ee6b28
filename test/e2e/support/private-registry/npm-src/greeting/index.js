module.exports = (name) => `hello ${name}, from the private registry`;
