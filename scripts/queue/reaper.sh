#!/bin/sh
# Stops what a test run started if the run itself dies without cleaning up (killed, interrupted,
# crashed). Usage: reaper.sh WATCHED_PID GROUPS_FILE [FOLDER]
# While WATCHED_PID lives it only waits. Once it is gone, every process group listed in GROUPS_FILE
# (one id a line) gets SIGKILL, and FOLDER, when given, is removed. A run that cleans up after
# itself stops the reaper first.
watched="$1"
groups="$2"
folder="${3:-}"

while kill -0 "$watched" 2>/dev/null; do
	sleep 1
done

if [ -f "$groups" ]; then
	# A negative id names a process group (dash takes no "--" before it).
	while read -r group; do
		[ -n "$group" ] && kill -KILL "-$group" 2>/dev/null
	done <"$groups"
fi
if [ -n "$folder" ]; then
	# Give the killed processes a moment to release their files.
	sleep 1
	rm -rf -- "$folder"
fi
