const path = require('path');
const { rm } = require('fs/promises');
const { exec } = require('child_process');
const { promisify } = require('util');
const { task, src, dest, series } = require('gulp');

const run = promisify(exec);

async function clean() {
	await rm(path.resolve('dist'), { recursive: true, force: true });
	await rm(path.resolve('tsconfig.tsbuildinfo'), { force: true });
}

async function compile() {
	await run('npx tsc -p tsconfig.json');
}

function copyIcons() {
	const nodeIcons = src('nodes/**/*.{png,svg}', { encoding: false }).pipe(dest('dist/nodes'));
	return nodeIcons;
}

function copyCodex() {
	return src('nodes/**/*.node.json').pipe(dest('dist/nodes'));
}

task('clean', clean);
task('build:icons', copyIcons);
task('build', series(clean, compile, copyIcons, copyCodex));
