// Package config fills the command line's flags from the environment and
// a config file, for every command of signin-triage: a flag given on the
// command line beats its environment variable, which beats the config file,
// which beats the built-in default. A value from any source goes through
// the flag's own rule, and a bad one is refused with where it came from:
// the variable's name, or the file, line and key.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/spf13/pflag"

	"github.com/signin-triage/signin-triage/graph/sanitize"
	"github.com/signin-triage/signin-triage/keymap"
)

// DefaultPathHint is how --help names the default config file.
const DefaultPathHint = "$XDG_CONFIG_HOME/signin-triage/config.yaml"

// EnvName is the environment variable a flag reads: the Azure SDK's own
// for the tenant and client, SIGNIN_TRIAGE_<FLAG> for the rest.
func EnvName(flag string) string {
	switch flag {
	case "tenant":
		return "AZURE_TENANT_ID"
	case "client-id":
		return "AZURE_CLIENT_ID"
	case "config", "help", "version":
		return ""
	}
	return "SIGNIN_TRIAGE_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// Apply fills every flag not given on the command line from its
// environment variable, else from the config file. Values go through the
// flag's own rule, so a bad one is refused the same way wherever it came
// from, and the error says where it came from. It returns the file's
// keys: section, for the UI: the file is read once.
func Apply(flags *pflag.FlagSet, configPath string, env func(string) (string, bool)) (keymap.File, error) {
	file, err := loadConfig(configPath)
	if err != nil {
		return keymap.File{}, err
	}
	for key, e := range file.entries {
		if fl := flags.Lookup(key); fl == nil || EnvName(key) == "" { // config, help, version: no standing default
			return keymap.File{}, fmt.Errorf("%s:%d: unknown key %q: the keys are the long flag names, like batch-size and cloud", file.path, e.line, key)
		}
	}
	var errs []error
	flags.VisitAll(func(fl *pflag.Flag) {
		if instead, ok := fl.Annotations[retiredAnnotation]; ok {
			errs = append(errs, refuseRetired(fl, file, env, instead[0])...)
			return
		}
		if fl.Changed {
			return
		}
		if name := EnvName(fl.Name); name != "" {
			if v, ok := env(name); ok && v != "" {
				if err := fl.Value.Set(v); err != nil {
					errs = append(errs, fmt.Errorf("environment variable %s: %v", name, err))
				}
				return
			}
		}
		if e, ok := file.entries[fl.Name]; ok {
			if err := fl.Value.Set(e.value); err != nil {
				errs = append(errs, fmt.Errorf("%s:%d: %s %v", file.path, e.line, fl.Name, err))
			}
		}
	})
	if err := errors.Join(errs...); err != nil {
		return keymap.File{}, err
	}
	return file.keys, nil
}

// retiredAnnotation marks a flag that stands for a setting no longer
// read; its value says what to do instead.
const retiredAnnotation = "signin-triage/retired"

// Retire adds to flags a hidden flag for a setting that is no longer a
// flag, an environment variable or a config key, so that Apply refuses
// it from any of them, saying what to do instead, rather than a run that
// still sets it going ahead without it.
func Retire(flags *pflag.FlagSet, name, instead string) {
	fl := flags.VarPF(retired{}, name, "", instead)
	fl.NoOptDefVal, fl.Hidden = "true", true
	fl.Annotations = map[string][]string{retiredAnnotation: {instead}}
}

// retired takes any value: Apply refuses it whatever it is.
type retired struct{}

func (retired) String() string   { return "" }
func (retired) Set(string) error { return nil }
func (retired) Type() string     { return "retired" }

// refuseRetired names every source that sets the retired flag fl.
func refuseRetired(fl *pflag.Flag, file configFile, env func(string) (string, bool), instead string) []error {
	var errs []error
	if fl.Changed {
		errs = append(errs, fmt.Errorf("--%s is no longer a flag: %s", fl.Name, instead))
	}
	if name := EnvName(fl.Name); name != "" {
		if v, ok := env(name); ok && v != "" {
			errs = append(errs, fmt.Errorf("environment variable %s is no longer read (unset it): %s", name, instead))
		}
	}
	if e, ok := file.entries[fl.Name]; ok {
		errs = append(errs, fmt.Errorf("%s:%d: %s is no longer a setting (remove the line): %s", file.path, e.line, fl.Name, instead))
	}
	return errs
}

// configFile is a parsed config file: each key's value and line.
type configFile struct {
	path    string
	entries map[string]configEntry
	keys    keymap.File
}

type configEntry struct {
	value string
	line  int
}

// loadConfig reads the config file: the one named, or the default one if
// it exists. A named file that is missing is an error; a missing default
// is not.
func loadConfig(path string) (configFile, error) {
	named := path != ""
	if !named {
		dir, err := os.UserConfigDir()
		if err != nil {
			return configFile{}, nil // no config dir: built-in defaults
		}
		path = filepath.Join(dir, "signin-triage", "config.yaml")
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && !named {
		return configFile{}, nil
	}
	if err != nil {
		return configFile{}, fmt.Errorf("reading the config file: %w", err)
	}
	return parseConfig(path, data)
}

// scalar is a value as YAML means it (tags, quoting, block scalars), as
// the flag's text: "!!str 100" is the string 100, a ">" block its folded
// text, 20 and 2m themselves.
func scalar(node ast.Node) (string, error) {
	switch node.Type() {
	case ast.MappingType, ast.SequenceType:
		return "", errors.New("takes a single value, not a list or a mapping")
	}
	var v any
	if err := yaml.NodeToValue(node, &v); err != nil {
		return "", fmt.Errorf("has a value YAML cannot read (%s)", sanitize.String(err.Error()))
	}
	switch v := v.(type) {
	case nil:
		return "", errors.New("has no value: give one, or leave the key out")
	case string:
		return strings.TrimRight(v, "\n"), nil
	case map[string]any, []any:
		return "", errors.New("takes a single value, not a list or a mapping")
	}
	return fmt.Sprint(v), nil
}

// parseConfig reads a flat YAML mapping of flag names to single values.
func parseConfig(path string, data []byte) (configFile, error) {
	cf := configFile{path: path, entries: map[string]configEntry{}}
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return cf, fmt.Errorf("%s: not valid YAML: %s", path, sanitize.String(yaml.FormatError(err, false, false)))
	}
	for _, doc := range f.Docs {
		if doc.Body == nil {
			continue
		}
		mapping, ok := doc.Body.(*ast.MappingNode)
		if !ok {
			return cf, fmt.Errorf("%s:%d: the config file must be a mapping of flag names to values, like \"cloud: usgov\"",
				path, doc.Body.GetToken().Position.Line)
		}
		for _, kv := range mapping.Values {
			line := kv.Key.GetToken().Position.Line
			var k any
			if err := yaml.NodeToValue(kv.Key, &k); err != nil {
				return cf, fmt.Errorf("%s:%d: a key that is not a flag name (%s)", path, line, sanitize.String(err.Error()))
			}
			key, ok := k.(string)
			if !ok {
				return cf, fmt.Errorf("%s:%d: the key %v is not a flag name, like \"cloud\"", path, line, sanitize.String(fmt.Sprint(k)))
			}
			key = sanitize.String(key)
			if key == keymap.FileSection {
				if cf.keys.Path != "" {
					return cf, fmt.Errorf("%s:%d: %s is set twice", path, line, key)
				}
				if cf.keys, err = keymap.ParseFile(path, line, kv.Value); err != nil {
					return cf, err
				}
				continue
			}
			value, err := scalar(kv.Value)
			if err != nil {
				return cf, fmt.Errorf("%s:%d: %s %v", path, line, key, err)
			}
			if _, dup := cf.entries[key]; dup {
				return cf, fmt.Errorf("%s:%d: %s is set twice", path, line, key)
			}
			cf.entries[key] = configEntry{value: value, line: line}
		}
	}
	return cf, nil
}
