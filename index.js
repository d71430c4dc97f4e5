// n8n loads the node and credential files named in package.json's "n8n" field; this file
// exists so that the package has a main entry point.
module.exports = {};
