// Package nexmark is the `nexmark` source connector: the standard Nexmark
// benchmark streams (people registering, auctions opening, bids), with
// RisingWave's options and column names, so the Nexmark queries q0–q22
// written for RisingWave run unchanged.
//
//	CREATE SOURCE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR,
//	    url VARCHAR, date_time TIMESTAMP, extra VARCHAR)
//	WITH (connector = 'nexmark', nexmark.table.type = 'Bid', nexmark.event.num = '100000');
//
// CREATE SOURCE without columns takes the table type's columns:
//
//	Person:  id, name, email_address, credit_card, city, state, date_time, extra
//	Auction: id, item_name, description, initial_bid, reserve, date_time, expires, seller, category, extra
//	Bid:     auction, bidder, price, channel, url, date_time, extra
//
// A listed subset (by name, any order) is fine too.
//
// Options:
//
//	nexmark.table.type           Person | Auction | Bid (required)
//	nexmark.event.num            events to generate over all three types (default: unbounded)
//	nexmark.max.chunk.size       rows per chunk (default 1024)
//	nexmark.use.real.time        true: emit each event when its time comes; false (default): as fast as consumed
//	nexmark.min.event.gap.in.ns  time between events (default 100000 = 10 000 events/s)
//	nexmark.split.num            accepted (default 1); splits are combined into one reader
//	nexmark.base.time            time of event 0, ms since the Unix epoch (default: when the reader starts)
//	nexmark.person.proportion / auction.proportion / bid.proportion  (default 1 / 3 / 46)
//	nexmark.active.people (1000), nexmark.in.flight.auctions (100), nexmark.num.categories (5),
//	nexmark.hot.seller.ratio (4), nexmark.hot.auction.ratio (2), nexmark.hot.bidder.ratio (4)
//
// The generator follows the standard one (Beam's NexmarkGenerator,
// nexmark-rs): event n is a person, auction or bid by n mod the total
// proportion; ids grow with n (people and auctions from 1000, categories
// from 10); sellers and bidders are mostly hot people, bids mostly go to
// hot auctions among the last in-flight ones; prices are 10^U(0,6) cents.
// Its pseudo-random numbers come from a per-event hash rather than Java's
// Random, so values differ from RisingWave's while distributions match.
// Event n's values depend only on n and the options: the checkpoint (the
// next event number) reopens the same stream, given nexmark.base.time.
package nexmark
