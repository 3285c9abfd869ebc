import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/**
 * A compiled bench script (dist/bench/<name>.js) in a child process: stdout and stderr shared with the
 * bench, messages over IPC. Children get no inherited execArgv, so a flag given to the bench does not
 * change what is measured; BENCH_CHILD_NODE_ARGS (e.g. "--cpu-prof") is given to them instead, to
 * investigate where a run's time goes.
 */
export class ForkedProcess {
  readonly child: ChildProcess;
  #exited: Promise<number | null>;

  constructor(script: string, nodeArgs: readonly string[] = []) {
    const execArgv = [...nodeArgs, ...childNodeArgs()];
    this.child = fork(join(__dirname, `${script}.js`), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
    this.#exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  send(message: object): void {
    this.child.send(message);
  }

  /** The next message of type `type`; rejects if the child exits first. */
  next<T extends { type: string }>(type: T['type']): Promise<T> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: { type?: string }) => {
        if (message.type !== type) return;
        cleanup();
        resolve(message as T);
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`child ${this.child.pid} exited with code ${code} before sending "${type}"`));
      };
      const cleanup = () => {
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
      };
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
    });
  }

  exited(): Promise<number | null> {
    return this.#exited;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}

function childNodeArgs(): string[] {
  return (process.env.BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
}
