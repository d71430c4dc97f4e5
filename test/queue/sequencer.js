/** Runs the queue-mode cases in the order of their file names: the last one kills a worker. */
const Sequencer = require('@jest/test-sequencer').default;

class ByFileName extends Sequencer {
	sort(tests) {
		return [...tests].sort((a, b) => a.path.localeCompare(b.path));
	}
}

module.exports = ByFileName;
