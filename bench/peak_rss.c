/* peak_rss COMMAND [ARG...]: runs COMMAND with its output discarded and prints "<peak RSS in KiB> <exit code>".
 *
 * The benchmark cannot read peak RSS straight from Python: a child's ru_maxrss counts the memory of the process
 * it was forked from (Python's, about 18 MiB) as well as its own. Forked from this small program instead, the
 * figure is the command's own. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 2) {
    fputs("usage: peak_rss COMMAND [ARG...]\n", stderr);
    return 2;
  }
  const pid_t pid = fork();
  if (pid < 0) return 2;
  if (pid == 0) {
    const int null = open("/dev/null", O_WRONLY);
    if (null >= 0) {
      dup2(null, 1);
      dup2(null, 2);
    }
    execvp(argv[1], argv + 1);
    _exit(127);
  }
  int status = 0;
  struct rusage usage;
  if (wait4(pid, &status, 0, &usage) < 0) return 2;
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  printf("%ld %d\n", usage.ru_maxrss, code);
  return 0;
}
