// Package marketing is the `marketing` source connector: a deterministic
// simulation of an advertiser's paid media and CRM, made for the
// playground (examples/marketing-mesh) so that spend, reach, conversions,
// ROAS and attribution numbers mean something.
//
//	CREATE SOURCE paid_media_impressions (impression_id VARCHAR, campaign_id VARCHAR, ...)
//	WITH (connector = 'marketing', marketing.table.type = 'impressions');
//	CREATE SOURCE crm_conversions (conversion_id VARCHAR, user_id VARCHAR, converted_at TIMESTAMPTZ, revenue_usd DOUBLE PRECISION)
//	WITH (connector = 'marketing', marketing.table.type = 'conversions');
//
// The model: impressions arrive at a fixed rate on a global time grid
// (impression n happens at 2024-01-01 + n/rate), so two sources with the
// same marketing.* options describe the same world whenever they start.
// Each impression's campaign is drawn from a skewed mix (brand search and
// Meta retargeting dominate, CTV is rare) and fixes its platform, ad
// group, creative and cost (a per-platform CPM with noise); its user is
// drawn from a skewed population (heavy users see many ads). With a
// probability that depends on the campaign (retargeting and search
// convert best) the user converts after a log-normal delay (median 90 s,
// capped by marketing.max.conversion.delay) with a campaign-dependent
// order value: the conversions stream holds those conversions, in time
// order, so an impression-level join on user_id finds them.
//
// Options:
//
//	marketing.table.type               impressions | conversions (required)
//	marketing.impressions.per.second   impression rate (default 50)
//	marketing.users                    size of the user population (default 20000)
//	marketing.seed                     world seed (default 1)
//	marketing.backfill                 start this far in the past (default '5 minutes'): the
//	                                   rows up to now come at once, then the stream is live
//	marketing.start.time               explicit start (RFC 3339), instead of now - backfill
//	marketing.max.conversion.delay     longest delay to a conversion (default '1 hour')
//
// Columns: any subset of the table type's columns, by name, in any order
// (CREATE SOURCE without columns takes them all):
//
//	impressions: impression_id varchar, campaign_id varchar, ad_group_id varchar,
//	             creative_id varchar, platform varchar, cost_usd double precision,
//	             user_id varchar, event_time timestamptz
//	conversions: conversion_id varchar, user_id varchar, converted_at timestamptz,
//	             revenue_usd double precision
//
// Rows are a function of the options and their position: the checkpoint
// (impressions: the next impression number; conversions: the time and
// impression of the last conversion emitted) reopens the same stream.
package marketing
