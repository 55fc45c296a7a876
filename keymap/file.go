package keymap

import (
	"errors"
	"fmt"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"

	"github.com/signin-triage/signin-triage/graph/sanitize"
)

// FileSection is the config file's section that rebinds keys:
//
//	keys:
//	  confirmSafe: A
//	  quit: [Q, ctrl+c]
const FileSection = "keys"

// File is the key bindings the config file's keys: section sets, in the
// file's order. Rebind checks the actions and keys; the UI checks that no
// two bindings of a screen share a key. Both name the file and line.
type File struct {
	Path     string // the config file; "" when it has no keys: section
	Bindings []FileBinding
}

// FileBinding is one line of the keys: section: an action's new keys.
type FileBinding struct {
	Action string
	Keys   []string
	Line   int
}

// Where is "file:line" of the action's binding, or "" if the file does
// not rebind it.
func (k File) Where(action string) string {
	for _, b := range k.Bindings {
		if b.Action == action {
			return fmt.Sprintf("%s:%d", k.Path, b.Line)
		}
	}
	return ""
}

// ParseFile reads the keys: section, node, of the config file at path,
// whose key is on line: a mapping of action names to a key or a list of
// keys. The config file's reader hands it the section as it finds it, so
// that the file is read once.
func ParseFile(path string, line int, node ast.Node) (File, error) {
	if node.Type() == ast.NullType {
		return File{Path: path}, nil // "keys:" and nothing under it
	}
	mapping, ok := node.(*ast.MappingNode)
	if !ok {
		return File{}, fmt.Errorf("%s:%d: keys takes a mapping of actions to keys, like \"confirmSafe: A\" on the next line, indented", path, line)
	}
	ks := File{Path: path}
	for _, kv := range mapping.Values {
		line := kv.Key.GetToken().Position.Line
		var action any
		if err := yaml.NodeToValue(kv.Key, &action); err != nil {
			return File{}, fmt.Errorf("%s:%d: keys: an action that YAML cannot read (%s)", path, line, sanitize.String(err.Error()))
		}
		name, ok := action.(string)
		if !ok {
			return File{}, fmt.Errorf("%s:%d: keys: %v is not an action name, like confirmSafe", path, line, sanitize.String(fmt.Sprint(action)))
		}
		name = sanitize.String(name)
		if ks.Where(name) != "" {
			return File{}, fmt.Errorf("%s:%d: keys: %s is bound twice", path, line, name)
		}
		keys, err := keyList(kv.Value)
		if err != nil {
			return File{}, fmt.Errorf("%s:%d: keys: %s %v", path, line, name, err)
		}
		ks.Bindings = append(ks.Bindings, FileBinding{Action: name, Keys: keys, Line: line})
	}
	return ks, nil
}

// keyList is a key, or a list of keys, as text.
func keyList(node ast.Node) ([]string, error) {
	var v any
	if err := yaml.NodeToValue(node, &v); err != nil {
		return nil, fmt.Errorf("has a value YAML cannot read (%s)", sanitize.String(err.Error()))
	}
	items, isList := v.([]any)
	if !isList {
		items = []any{v}
	}
	var keys []string
	for _, it := range items {
		switch k := it.(type) {
		case string:
			keys = append(keys, sanitize.String(k))
		case int, uint64, int64: // 1 is the key 1
			keys = append(keys, fmt.Sprint(k))
		case nil:
			return nil, errors.New("has no key: give one, like A or ctrl+s, or leave the action out")
		default:
			return nil, fmt.Errorf("takes a key or a list of keys, not %s", sanitize.String(fmt.Sprint(k)))
		}
	}
	if len(keys) == 0 {
		return nil, errors.New("has an empty list: give at least one key")
	}
	return keys, nil
}
