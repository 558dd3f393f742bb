extension Migration {
    /// Transit movements with their history and what secures them; checkpoint devices' events, the
    /// control centre's alerts, vehicle limits (effective-dated) and the checkpoints' electronic queue.
    static let m016Transit = Migration(version: 16, name: "transit", statements: [
        """
        CREATE TABLE transit_movements (
            id TEXT PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            holder_bin TEXT NOT NULL,
            departure_office TEXT NOT NULL,
            destination_office TEXT NOT NULL,
            status TEXT NOT NULL,
            version INTEGER NOT NULL,
            released_at BIGINT,
            deadline BIGINT,
            terminated_at BIGINT,
            alert TEXT,
            guarantee_kind TEXT NOT NULL,
            guarantee_id TEXT,
            carnet TEXT,
            open_carnet TEXT UNIQUE,
            amount_tiyn BIGINT NOT NULL,
            particulars TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX transit_movements_status ON transit_movements (status, deadline)",
        "CREATE INDEX transit_movements_holder ON transit_movements (holder_bin, id)",
        "CREATE INDEX transit_movements_terminated ON transit_movements (guarantee_kind, terminated_at)",
        """
        CREATE TABLE transit_events (
            movement_id TEXT NOT NULL REFERENCES transit_movements(id),
            seq INTEGER NOT NULL,
            event TEXT NOT NULL,
            at BIGINT NOT NULL,
            actor TEXT NOT NULL,
            PRIMARY KEY (movement_id, seq)
        )
        """,
        "CREATE TABLE transit_plates (plate TEXT NOT NULL, movement_id TEXT NOT NULL, PRIMARY KEY (plate, movement_id))",
        "CREATE TABLE transit_seals (seal_id TEXT NOT NULL, movement_id TEXT NOT NULL, PRIMARY KEY (seal_id, movement_id))",
        """
        CREATE TABLE movement_securities (
            movement_id TEXT PRIMARY KEY REFERENCES transit_movements(id),
            guarantee_id TEXT NOT NULL REFERENCES guarantees(id),
            amount_tiyn BIGINT NOT NULL,
            secured_at BIGINT NOT NULL,
            released_at BIGINT
        )
        """,
        """
        CREATE TABLE guarantee_claims (
            id TEXT PRIMARY KEY,
            movement_id TEXT NOT NULL UNIQUE REFERENCES transit_movements(id),
            guarantee TEXT NOT NULL,
            amount_tiyn BIGINT NOT NULL,
            reason TEXT NOT NULL,
            claimed_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE vehicle_limits (
            valid_from TEXT PRIMARY KEY,
            gross_kg_by_axles TEXT NOT NULL,
            axle_kg DOUBLE PRECISION NOT NULL,
            length_m DOUBLE PRECISION NOT NULL,
            width_m DOUBLE PRECISION NOT NULL,
            height_m DOUBLE PRECISION NOT NULL
        )
        """,
        // Kazakhstan's limits for international road transport (EAEU norms): gross mass by axles, 11.5 t per driving axle, 20 × 2.55 × 4 m.
        """
        INSERT INTO vehicle_limits (valid_from, gross_kg_by_axles, axle_kg, length_m, width_m, height_m)
        VALUES ('2020-01-01', '{"2":18000,"3":25000,"4":32000,"5":40000,"6":44000}', 11500, 20, 2.55, 4)
        """,
        """
        CREATE TABLE device_events (
            device TEXT NOT NULL,
            event_id TEXT NOT NULL,
            checkpoint TEXT NOT NULL,
            kind TEXT NOT NULL,
            at BIGINT NOT NULL,
            received_at BIGINT NOT NULL,
            plate TEXT,
            movement_id TEXT,
            reading TEXT NOT NULL,
            PRIMARY KEY (device, event_id)
        )
        """,
        // By arrival rather than by the device's time: arrivals only grow, so each batch adds to the index's last
        // pages instead of scattering over it (the dashboard reads a window of arrivals and orders it by time).
        "CREATE INDEX device_events_checkpoint ON device_events (checkpoint, received_at)",
        "CREATE INDEX device_events_movement ON device_events (movement_id, at) WHERE movement_id IS NOT NULL",
        """
        CREATE TABLE control_alerts (
            id TEXT PRIMARY KEY,
            rule TEXT NOT NULL,
            checkpoint TEXT,
            movement_id TEXT,
            plate TEXT,
            device TEXT,
            event_id TEXT,
            at BIGINT NOT NULL,
            raised_at BIGINT NOT NULL,
            evidence TEXT NOT NULL,
            status TEXT NOT NULL,
            assignee TEXT,
            acknowledged_by TEXT,
            acknowledged_at BIGINT,
            resolved_by TEXT,
            resolved_at BIGINT,
            note TEXT
        )
        """,
        "CREATE INDEX control_alerts_status ON control_alerts (status, raised_at)",
        "CREATE INDEX control_alerts_checkpoint ON control_alerts (checkpoint, raised_at)",
        "CREATE INDEX control_alerts_movement ON control_alerts (movement_id)",
        """
        CREATE TABLE queue_entries (
            id TEXT PRIMARY KEY,
            checkpoint TEXT NOT NULL,
            direction TEXT NOT NULL,
            plate TEXT NOT NULL,
            slot_start BIGINT,
            carrier_bin TEXT,
            status TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            arrived_at BIGINT,
            departed_at BIGINT
        )
        """,
        "CREATE INDEX queue_entries_slot ON queue_entries (checkpoint, direction, slot_start)",
        "CREATE INDEX queue_entries_plate ON queue_entries (plate, status)",
        // A checkpoint's queue capacity as its administrators set it, over the reference file's.
        """
        CREATE TABLE checkpoint_capacities (
            checkpoint TEXT PRIMARY KEY,
            trucks_per_hour INTEGER NOT NULL CHECK (trucks_per_hour > 0),
            set_by TEXT NOT NULL,
            set_at BIGINT NOT NULL
        )
        """,
        "ALTER TABLE declarations ADD COLUMN vehicle_plate TEXT",
        "CREATE INDEX declarations_vehicle ON declarations (vehicle_plate)",
    ])
}
