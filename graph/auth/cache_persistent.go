//go:build !darwin || cgo

package auth

import (
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity/cache"
)

// persistentCache is azidentity's persistent token cache: the keyring on
// Linux, DPAPI on Windows, the keychain on macOS (which needs cgo). It
// fails where the platform offers none (a container, some SSH hosts).
func persistentCache() (azidentity.Cache, error) {
	return cache.New(&cache.Options{Name: "signin-triage"})
}
