// Command preread runs the preread service and its tools: it reads status
// replies and agenda mail from one mailbox, and sends the daily prompts,
// team digests and 1:1 pre-reads.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	_ "time/tzdata" // the binary works where the machine has no zoneinfo
)

// command is one `preread NAME` subcommand.
type command struct {
	name    string
	args    string // the usage line after the name
	summary string
	help    string // what it does, at length
	run     func(ctx context.Context, env *cliEnv, c *command, args []string) error
}

// cliEnv is what a command may touch: its streams and environment.
type cliEnv struct {
	stdin          io.Reader // answers to a prompt (forget); nil reads as no answer
	stdout, stderr io.Writer
	getenv         func(string) string
	logFormat      string // text, json, or "" for text on a terminal and JSON otherwise
}

// usageError means the command line itself was wrong: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// exitError carries a chosen exit status after the command has already
// said what went wrong.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func main() {
	tuneGC()
	keepHeap()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := runCLI(ctx, &cliEnv{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}, os.Args[1:])
	stop()
	os.Exit(code)
}

// runCLI runs one command line and returns the exit status.
func runCLI(ctx context.Context, env *cliEnv, args []string) int {
	if len(args) == 0 {
		printUsage(env.stderr)
		return 2
	}
	args, format, err := logFormatFlag(args)
	if err != nil {
		fmt.Fprintf(env.stderr, "preread: %v\n", err)
		return 2
	}
	env.logFormat = format
	if len(args) == 0 {
		printUsage(env.stderr)
		return 2
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "--help" || name == "-help" {
		if len(args) > 1 {
			if c := findCommand(args[1]); c != nil {
				printCommandHelp(env.stdout, c, nil)
				return 0
			}
		}
		printUsage(env.stdout)
		return 0
	}
	c := findCommand(name)
	if c == nil {
		fmt.Fprintf(env.stderr, "preread: unknown command %q; run `preread help` for the list\n", name)
		return 2
	}
	err = c.run(ctx, env, c, args[1:])
	var exit exitError
	var usage usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, context.Canceled) && ctx.Err() != nil:
		return 0 // SIGTERM or Ctrl-C while starting: a clean stop
	case errors.As(err, &exit):
		return exit.code
	case errors.As(err, &usage):
		fmt.Fprintf(env.stderr, "preread %s: %s\nrun `preread %s --help` for usage\n", c.name, usage.msg, c.name)
		return 2
	default:
		// An error may quote a server's answer or a message: cleaned.
		fmt.Fprintf(env.stderr, "preread %s: %s\n", c.name, clean(err.Error()))
		return 1
	}
}

func findCommand(name string) *command {
	for i := range commands {
		if commands[i].name == name {
			return &commands[i]
		}
	}
	return nil
}

func printUsage(w io.Writer) {
	fmt.Fprintf(w, "preread keeps status out of 1:1s: daily status by email, team digests, and 1:1 pre-reads.\n\nUsage: preread COMMAND [flags]\n\nCommands:\n")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-13s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun `preread COMMAND --help` for a command's flags. Every command also takes\n"+
		"--log-format text|json (default: text on a terminal, JSON otherwise).\n")
}

// printCommandHelp prints a command's usage, what it does, and its flags
// (those of fs, if any, and --log-format, which every command takes),
// written as they are typed: --name ARG.
func printCommandHelp(w io.Writer, c *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: preread %s\n\n%s\n\nFlags:\n", strings.TrimSpace(c.name+" "+c.args), c.help)
	flagHelp := func(name, arg, usage string) {
		fmt.Fprintf(w, "  --%s\n      %s\n", strings.TrimSpace(name+" "+arg), usage)
	}
	if fs != nil {
		fs.VisitAll(func(f *flag.Flag) {
			arg, usage := flag.UnquoteUsage(f)
			if !slices.Contains([]string{"", "false", "0", "0s"}, f.DefValue) {
				usage += fmt.Sprintf(" (default %s)", f.DefValue)
			}
			flagHelp(f.Name, arg, usage)
		})
	}
	flagHelp("log-format", "text|json", "how to write the log on stderr: text, or JSON lines (default: text on a terminal, JSON otherwise)")
}

// parseFlags parses a command's flags; --help prints the command's help.
// Positional arguments are returned; want says how many are allowed.
func parseFlags(c *command, env *cliEnv, fs *flag.FlagSet, args []string, minArgs, maxArgs int) ([]string, error) {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printCommandHelp(env.stdout, c, fs)
			return nil, flag.ErrHelp
		}
		return nil, usageError{err.Error()}
	}
	rest := fs.Args()
	if len(rest) < minArgs || len(rest) > maxArgs {
		return nil, usageError{fmt.Sprintf("want %s", c.args)}
	}
	return rest, nil
}

// configFlag adds --config, defaulting to $PREREAD_CONFIG or preread.yaml.
func configFlag(fs *flag.FlagSet, env *cliEnv) *string {
	def := env.getenv("PREREAD_CONFIG")
	if def == "" {
		def = "preread.yaml"
	}
	return fs.String("config", def, "read the config from `FILE` (also $PREREAD_CONFIG)")
}

// logFormatFlag takes the global --log-format flag out of the arguments,
// wherever it stands.
func logFormatFlag(args []string) (rest []string, format string, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "log-format" {
			rest = append(rest, a)
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				return nil, "", fmt.Errorf("--log-format needs a value: text or json")
			}
			i++
			value = args[i]
		}
		if value != "text" && value != "json" {
			return nil, "", fmt.Errorf("--log-format %q: want text or json", value)
		}
		format = value
	}
	return rest, format, nil
}

// appCommand is a command that takes only --config and positional
// arguments (between minArgs and maxArgs) and works on the opened app.
func appCommand(minArgs, maxArgs int, fn func(ctx context.Context, a *app, args []string) error) func(context.Context, *cliEnv, *command, []string) error {
	return func(ctx context.Context, env *cliEnv, c *command, args []string) error {
		fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
		file := configFlag(fs, env)
		rest, err := parseFlags(c, env, fs, args, minArgs, maxArgs)
		if err != nil {
			return err
		}
		a, err := openApp(ctx, env, *file)
		if err != nil {
			return err
		}
		defer a.Close()
		return fn(ctx, a, rest)
	}
}

// subcommand reads the first argument, which must be one of choices
// (`run prompts`, `preview digest`); --help there prints the command's help
// with the flags of fs.
func subcommand(c *command, env *cliEnv, fs *flag.FlagSet, args []string, choices ...string) (string, error) {
	if len(args) > 0 && slices.Contains(choices, args[0]) {
		return args[0], nil
	}
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		printCommandHelp(env.stdout, c, fs)
		return "", flag.ErrHelp
	}
	return "", usageError{fmt.Sprintf("want one of: %s", strings.Join(choices, ", "))}
}
