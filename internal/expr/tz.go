package expr

import "time"

type timeLocation = time.Location
