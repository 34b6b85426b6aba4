#!/usr/bin/env python3
# Runs a command in a pseudo-terminal, answers prompts: argv[1] = JSON list of [expected substring, reply] pairs, rest = command.
import json, os, pty, sys, select
answers = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
out = b""
i = 0
while True:
    try:
        r, _, _ = select.select([fd], [], [], 30)
        if not r: break
        data = os.read(fd, 4096)
    except OSError:
        break
    if not data: break
    out += data
    if i < len(answers) and answers[i][0].encode() in out[-2000:]:
        os.write(fd, (answers[i][1] + "\n").encode()); i += 1
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors="replace"))
sys.exit(os.waitstatus_to_exitcode(status))
