// Added to Debian's Caddy 2.6.2 source by caddy.Dockerfile (stand-in only, never shipped): three
// Caddyfile global options of the current official image (2.7/2.8+) that the generated Caddyfile uses
// to run on a read-only root filesystem. 2.6.2 would reject the file without them.
//   persist_config off          (2.7) no autosave.json: the admin config's persist=false, as upstream
//   storage_check off           (2.8) accepted; 2.6 does no storage check at start anyway
//   storage_clean_interval off  (2.8) accepted; 2.6 does not clean storage without certificates

package httpcaddyfile

import (
	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
)

func init() {
	RegisterGlobalOption("persist_config", parseOptSingleString)
	RegisterGlobalOption("storage_check", parseOptSingleString)
}

// parseOptDurationOrOff is parseOptDuration that also takes "off" (kept as a string, so tlsapp.go,
// which only reads a caddy.Duration, leaves its default).
func parseOptDurationOrOff(d *caddyfile.Dispenser, v any) (any, error) {
	if d.Next() && d.Next() && d.Val() == "off" && !d.Next() {
		return "off", nil
	}
	d.Reset()
	return parseOptDuration(d, v)
}

// standinPersistConfig applies persist_config off to the JSON config, as httptype.go does upstream.
func standinPersistConfig(cfg *caddy.Config, options map[string]any) {
	if persist, ok := options["persist_config"].(string); !ok || persist != "off" {
		return
	}
	if cfg.Admin == nil {
		cfg.Admin = new(caddy.AdminConfig)
	}
	if cfg.Admin.Config == nil {
		cfg.Admin.Config = new(caddy.ConfigSettings)
	}
	cfg.Admin.Config.Persist = new(bool)
}
