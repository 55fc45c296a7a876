//go:build darwin && !cgo

package auth

import (
	"errors"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// persistentCache is not offered by a macOS build made without cgo: the
// keychain that azidentity's cache uses there is reached through cgo.
// Tokens stay in memory for the run; see the README's install section.
func persistentCache() (azidentity.Cache, error) {
	return azidentity.Cache{}, errors.New("this macOS build was made without cgo, which the keychain needs")
}
