package vn.ansinh.payout.cycle.repository;

/**
 * The payroll as SQL: the allowance rules of {@code AllowanceCalculator} (domain.md §1–2) written as
 * set-based statements over every person of a province at once. The two must agree; the payroll tests
 * compare them on the cases the rules single out.
 */
final class PayrollSql {

    private PayrollSql() {
    }

    /** Categories that are paid together with K4 (single parent) instead of competing with it. */
    private static final String COMBINABLE = "('K3', 'K5a', 'K5b', 'K5c', 'K5d', 'K6', 'K8')";

    /**
     * Everyone whose commune in the month lies in the province, with their status in that month.
     * Moves and status changes are dated: the last one in force by the month decides, else the first
     * later one tells what held before it. $1 province, $2 month.
     */
    static final String PEOPLE_TABLE = """
            create temp table gen_people (beneficiary_id uuid not null, commune_code text not null, status text not null,
                                          date_of_birth date not null, mobility text not null, end_reason text) on commit drop
            """;

    static final String PEOPLE = """
            insert into gen_people (beneficiary_id, commune_code, status, date_of_birth, mobility, end_reason)
            with mv_past as (
                select distinct on (beneficiary_id) beneficiary_id, to_commune from beneficiary_move
                where effective_month <= $2::date order by beneficiary_id, effective_month desc, recorded_at desc),
            mv_future as (
                select distinct on (beneficiary_id) beneficiary_id, from_commune from beneficiary_move
                where effective_month > $2::date order by beneficiary_id, effective_month, recorded_at),
            st_past as (
                select distinct on (beneficiary_id) beneficiary_id, to_status, reason from beneficiary_status_change
                where effective_month <= $2::date order by beneficiary_id, effective_month desc, recorded_at desc),
            st_future as (
                select distinct on (beneficiary_id) beneficiary_id, from_status from beneficiary_status_change
                where effective_month > $2::date order by beneficiary_id, effective_month, recorded_at),
            people as (
                select b.id as beneficiary_id, coalesce(mp.to_commune, mf.from_commune, b.commune_code) as commune_code,
                       coalesce(sp.to_status, sf.from_status, b.status) as status, b.date_of_birth, b.mobility,
                       case when sp.to_status = 'ENDED' then sp.reason end as end_reason
                from beneficiary b
                left join mv_past mp on mp.beneficiary_id = b.id
                left join mv_future mf on mf.beneficiary_id = b.id
                left join st_past sp on sp.beneficiary_id = b.id
                left join st_future sf on sf.beneficiary_id = b.id)
            select p.* from people p
            join area a on a.code = p.commune_code
            where a.path like '/' || $1::text || '/%'
            """;

    /**
     * The allowance lines chosen for each person-month of {@code pm} (columns beneficiary_id, month,
     * commune_code, date_of_birth): coefficient by the age reached in the month, the highest
     * social-assistance coefficient only (K4 combines with K3/K5/K6/K8), the social pension instead
     * when it is higher, merit on its own line. $1 province, $2 program of the cycle.
     */
    static String allowanceLines(String pm) {
        return """
                pm as (%s),
                paid_elsewhere as materialized (
                    select x.entitlement_id, x.for_month from payment_line x
                    where x.for_month in (select distinct month from pm) and x.kind in ('REGULAR', 'ARREARS')),
                lvl as (
                    select m.month, s.program, s.amount_vnd
                    from (select distinct month from pm) m
                    cross join lateral (
                        select distinct on (program) program, amount_vnd from standard_level
                        where province_code = $1::text and effective_from <= m.month and state = 'APPROVED'
                        order by program, effective_from desc) s),
                -- each category's coefficient set in force in the month: the latest start not after it
                rules as (
                    select m.month, r.* from (select distinct month from pm) m
                    join coefficient_rule r on r.effective_from = (
                        select max(x.effective_from) from coefficient_rule x
                        where x.program = r.program and x.category_code = r.category_code and x.effective_from <= m.month)),
                cand as (
                    select distinct on (e.id, pm.month)
                           pm.beneficiary_id, pm.month, pm.commune_code, e.id as entitlement_id, e.program, e.category_code,
                           (r.coefficient * case when r.per_child then greatest(1, e.children_count) else 1 end)::numeric(6, 2) as coefficient,
                           lvl.amount_vnd as standard_level
                    from pm
                    join entitlement e on e.beneficiary_id = pm.beneficiary_id and e.start_month <= pm.month
                         and (e.end_month is null or e.end_month >= pm.month)
                         and (e.program = $2::text or ($2::text <> 'MERIT' and e.program <> 'MERIT'))

                    join rules r on r.month = pm.month and r.program = e.program and r.category_code = e.category_code
                         and (r.variant is null or r.variant = e.variant)
                         and (r.min_age is null or pm.age >= r.min_age) and (r.max_age is null or pm.age < r.max_age)
                    join lvl on lvl.month = pm.month and lvl.program = e.program
                    -- a month already paid by another cycle (a move between provinces recorded late) is not paid again
                    left join paid_elsewhere pe on pe.entitlement_id = e.id and pe.for_month = pm.month
                    where pe.entitlement_id is null
                    order by e.id, pm.month, r.coefficient desc),
                amt as (
                    select c.*, round(c.coefficient * c.standard_level)::bigint as amount_vnd from cand c),
                -- most people have one allowance line: only those with several go through the choosing rules
                multi as (
                    select beneficiary_id, month from amt group by beneficiary_id, month having count(*) > 1),
                amt_multi as (
                    select a.* from amt a where exists (select 1 from multi m where m.beneficiary_id = a.beneficiary_id
                                                        and m.month = a.month)),
                sa as (
                    select a.*,
                           bool_or(category_code = 'K4') over w as has_k4,
                           bool_or(category_code in %2$s) over w as has_comb,
                           row_number() over (w order by coefficient desc, entitlement_id::text collate "C" desc) as rn_all,
                           row_number() over (partition by beneficiary_id, month, category_code = 'K4', category_code in %2$s
                                              order by coefficient desc, entitlement_id::text collate "C" desc) as rn_group
                    from amt_multi a where program = 'SOCIAL_ASSISTANCE'
                    window w as (partition by beneficiary_id, month)),
                sa_chosen as (
                    select * from sa where case when has_k4 and has_comb
                        then rn_group = 1 and (category_code = 'K4' or category_code in %2$s) else rn_all = 1 end),
                sa_total as (
                    select beneficiary_id, month, sum(amount_vnd) as total from sa_chosen group by beneficiary_id, month),
                pen as (
                    select distinct on (beneficiary_id, month) * from amt_multi where program = 'SOCIAL_PENSION'
                    order by beneficiary_id, month, amount_vnd desc, entitlement_id),
                pen_wins as (
                    select p.* from pen p left join sa_total t using (beneficiary_id, month)
                    where p.amount_vnd > coalesce(t.total, 0)),
                chosen as (
                    select beneficiary_id, month, commune_code, entitlement_id, category_code, coefficient, standard_level, amount_vnd
                    from amt a where a.program = $2::text
                        and not exists (select 1 from multi m where m.beneficiary_id = a.beneficiary_id and m.month = a.month)
                    union all
                    select beneficiary_id, month, commune_code, entitlement_id, category_code, coefficient, standard_level, amount_vnd
                    from sa_chosen s where $2::text = 'SOCIAL_ASSISTANCE'
                        and not exists (select 1 from pen_wins p where p.beneficiary_id = s.beneficiary_id and p.month = s.month)
                    union all
                    select beneficiary_id, month, commune_code, entitlement_id, category_code, coefficient, standard_level, amount_vnd
                    from pen_wins where $2::text = 'SOCIAL_PENSION'
                    union all
                    select beneficiary_id, month, commune_code, entitlement_id, category_code, coefficient, standard_level, amount_vnd
                    from amt_multi where program = 'MERIT' and $2::text = 'MERIT')
                """.formatted(pm, COMBINABLE);
    }

    /** The lines being generated, before they are numbered and given their payment method. */
    static final String GEN_LINES = """
            create temp table gen_lines (
                beneficiary_id uuid not null, commune_code text not null, kind text not null, for_month date not null,
                entitlement_id uuid, category_code text, coefficient numeric(6, 2), standard_level_vnd bigint,
                amount_vnd bigint not null, source_line_id bigint, adjustment_id uuid, note text,
                recovered_vnd bigint not null default 0, gid bigint generated always as identity) on commit drop
            """;

    private static final String INSERT_CHOSEN = """
            insert into gen_lines (beneficiary_id, commune_code, kind, for_month, entitlement_id, category_code, coefficient,
                                   standard_level_vnd, amount_vnd)
            select beneficiary_id, commune_code, '%s', month, entitlement_id, category_code, coefficient, standard_level, amount_vnd
            from chosen
            """;

    private static final String AGE = "date_part('year', age((%s + interval '1 month' - interval '1 day')::date, p.date_of_birth))::int";

    /** This month's allowance of everyone active in it. $1 province, $2 program, $3 month. */
    static final String REGULAR = "with " + allowanceLines(
            "select p.beneficiary_id, $3::date as month, p.commune_code, " + AGE.formatted("$3::date") + " as age "
                    + "from gen_people p where p.status = 'ACTIVE'")
            + INSERT_CHOSEN.formatted("REGULAR");

    /** Of the person-months p × m: those not ended and not paid by any cycle of program $2 (arrears still owed). */
    private static final String UNPAID_MONTH = """
            where coalesce((select s.to_status from beneficiary_status_change s
                            where s.beneficiary_id = p.beneficiary_id and s.effective_month <= m.month
                            order by s.effective_month desc, s.recorded_at desc limit 1), 'ACTIVE') <> 'ENDED'
              and not exists (select 1 from entitlement e join payment_line l on l.entitlement_id = e.id
                                  and l.for_month = m.month and l.kind in ('REGULAR', 'ARREARS')
                              where e.beneficiary_id = p.beneficiary_id and e.program = $2::text)
            """;

    /**
     * Arrears (truy lĩnh): for someone active this month who was not paid last month (resumed after a
     * suspension, or decided late), every earlier month since $4 in which they were entitled, not ended,
     * and not paid by any cycle of the program. $1 province, $2 program, $3 month, $4 first month.
     */
    static final String ARREARS = "with " + allowanceLines("""
            select p.beneficiary_id, m.month, p.commune_code, %s as age
            from (select p.* from gen_people p
                  where p.status = 'ACTIVE'
                    and not exists (select 1 from entitlement e join payment_line l on l.entitlement_id = e.id
                                        and l.for_month = ($3::date - interval '1 month')::date and l.kind in ('REGULAR', 'ARREARS')
                                    where e.beneficiary_id = p.beneficiary_id and e.program = $2::text)) p
            cross join lateral (
                select g::date as month from generate_series($4::date, ($3::date - interval '1 month')::date, interval '1 month') g) m
            """.formatted(AGE.formatted("m.month")) + UNPAID_MONTH)
            + INSERT_CHOSEN.formatted("ARREARS");

    /**
     * What a deceased person was owed (Nghị định 20/2021 Điều 11; Thông tư 02/2021 Điều 2: payment ends from the
     * month after death, and what was not paid before is not lost): every month since $4 and before the month
     * their death ended payment in which they were entitled, not ended and not paid by any cycle (suspended or
     * decided late), paid once to the family as arrears, in the payroll after the death is recorded (the same
     * window as funeral support). $1 province, $2 program, $3 month, $4 first month.
     */
    static final String OWED_TO_FAMILY = "with " + allowanceLines("""
            select p.beneficiary_id, m.month, p.commune_code, %s as age
            from (select p.*, d.effective_month as death_month from gen_people p
                  cross join lateral (
                      select s.effective_month from beneficiary_status_change s
                      where s.beneficiary_id = p.beneficiary_id and s.to_status = 'ENDED' and s.reason = 'DEATH'
                      order by s.recorded_at desc limit 1) d
                  where p.end_reason = 'DEATH' and d.effective_month between $4::date and $3::date) p
            cross join lateral (
                select g::date as month from generate_series($4::date, (p.death_month - interval '1 month')::date, interval '1 month') g) m
            """.formatted(AGE.formatted("m.month")) + UNPAID_MONTH)
            + """
            insert into gen_lines (beneficiary_id, commune_code, kind, for_month, entitlement_id, category_code, coefficient,
                                   standard_level_vnd, amount_vnd, note)
            select beneficiary_id, commune_code, 'ARREARS', month, entitlement_id, category_code, coefficient, standard_level,
                   amount_vnd, 'OWED_TO_FAMILY'
            from chosen
            """;

    /**
     * The difference owed when a standard level was decided after the months it applies to had been paid (a
     * resolution in August that applies from July): for each regular or arrears line already approved for a
     * month the level now covers, coefficient × (level now − level paid), once per line and level, to whoever
     * is paid now (the family of someone who died since). Only months from the start of a level approved after
     * a payroll of a month it covers are looked at, so a province without retroactive levels scans nothing.
     * A lower level is never recovered automatically (a recovery is an adjustment, decided). $1 province,
     * $2 program, $3 month.
     */
    static final String LEVEL_DIFFERENCE = """
            with retro as (
                select min(s.effective_from) as since from standard_level s
                where s.province_code = $1::text and s.program = $2::text and s.state = 'APPROVED' and s.checked_at is not null
                  and s.effective_from < $3::date
                  and exists (select 1 from payment_cycle c where c.province_code = $1::text and c.program = $2::text
                              and c.month >= s.effective_from and c.month < $3::date and c.approved_at < s.checked_at)),
            paid as (
                select l.id, l.beneficiary_id, l.for_month, l.entitlement_id, l.category_code, l.coefficient,
                       greatest(l.standard_level_vnd, coalesce((select max(d.standard_level_vnd) from payment_line d
                           where d.kind = 'LEVEL_DIFFERENCE' and d.source_line_id = l.id), 0)) as paid_level
                -- driven from retro (one row, none when no level was decided late): without one, no line is read
                from retro
                join payment_cycle c on c.province_code = $1::text and c.program = $2::text and c.month < $3::date
                     and c.month >= retro.since and c.status in ('APPROVED', 'DISBURSING', 'CLOSED')
                join payment_line l on l.cycle_id = c.id and l.kind in ('REGULAR', 'ARREARS') and l.for_month >= retro.since),
            now_level as (
                select p.*, lv.amount_vnd as level_now, lv.decision_ref from paid p
                cross join lateral (
                    select amount_vnd, decision_ref from standard_level
                    where province_code = $1::text and program = $2::text and state = 'APPROVED' and effective_from <= p.for_month
                    order by effective_from desc limit 1) lv)
            insert into gen_lines (beneficiary_id, commune_code, kind, for_month, entitlement_id, category_code, coefficient,
                                   standard_level_vnd, amount_vnd, source_line_id, note)
            select n.beneficiary_id, g.commune_code, 'LEVEL_DIFFERENCE', n.for_month, n.entitlement_id, n.category_code, n.coefficient,
                   n.level_now, round(n.coefficient * n.level_now)::bigint - round(n.coefficient * n.paid_level)::bigint, n.id,
                   'LEVEL ' || n.paid_level || ' -> ' || n.level_now || ' (' || n.decision_ref || ')'
            from now_level n
            join gen_people g on g.beneficiary_id = n.beneficiary_id and (g.status = 'ACTIVE' or g.end_reason = 'DEATH')
            where round(n.coefficient * n.level_now)::bigint > round(n.coefficient * n.paid_level)::bigint
            """;

    /** Amounts carried over from earlier cycles of the program and not yet paid again. $1 program, $2 month. */
    static final String CARRY_OVER = """
            insert into gen_lines (beneficiary_id, commune_code, kind, for_month, amount_vnd, source_line_id, note)
            select l.beneficiary_id, p.commune_code, 'CARRY_OVER', l.for_month, l.amount_vnd, l.id, c.code || '-' || l.line_no
            from payment_carry_over co
            join payment_line l on l.id = co.line_id
            join payment_cycle c on c.id = l.cycle_id
            join gen_people p on p.beneficiary_id = l.beneficiary_id and (p.status = 'ACTIVE' or p.end_reason = 'DEATH')
            where c.program = $1::text and c.month < $2::date
              and not exists (select 1 from payment_line x where x.source_line_id = l.id and x.kind = 'CARRY_OVER')
            """;

    /**
     * Corrections owed to people (positive adjustments), checked by a second person and not yet paid.
     * Negative ones are recoveries: see {@link #RECOVERY}. $1 program, $2 month.
     */
    static final String ADJUSTMENTS = """
            insert into gen_lines (beneficiary_id, commune_code, kind, for_month, amount_vnd, adjustment_id, note)
            select a.beneficiary_id, p.commune_code, 'ADJUSTMENT', a.for_month, a.amount_vnd, a.id,
                   a.reason || coalesce(' (' || a.decision_ref || ')', '')
            from payment_adjustment a
            join gen_people p on p.beneficiary_id = a.beneficiary_id and (p.status = 'ACTIVE' or p.end_reason = 'DEATH')
            where a.program = $1::text and a.for_month <= $2::date and a.state = 'APPROVED' and a.amount_vnd > 0
              and not exists (select 1 from payment_line x where x.adjustment_id = a.id)
            """;

    /**
     * Recovery of overpayments (thu hồi): what approved negative adjustments of the program still claim from
     * a person (their total less what earlier cycles already took) is taken from the person's lines of this
     * cycle, in line order, never more than a line pays, so the month never goes below zero; the remainder
     * waits for the next cycle. Funeral support, paid to the family, is never touched. $1 program, $2 month.
     */
    static final String RECOVERY = """
            with owed as (
                select a.beneficiary_id, sum(-a.amount_vnd) as owed,
                       string_agg(distinct a.decision_ref, ', ' order by a.decision_ref) as decisions
                from payment_adjustment a
                where a.program = $1::text and a.state = 'APPROVED' and a.amount_vnd < 0 and a.for_month <= $2::date
                  and exists (select 1 from gen_lines g where g.beneficiary_id = a.beneficiary_id)
                group by a.beneficiary_id),
            taken as (
                select l.beneficiary_id, sum(l.recovered_vnd) as taken from payment_line l
                join payment_cycle c on c.id = l.cycle_id
                where c.program = $1::text and l.recovered_vnd > 0 and l.beneficiary_id in (select beneficiary_id from owed)
                group by l.beneficiary_id),
            left_to_take as (
                select o.beneficiary_id, o.owed - coalesce(t.taken, 0) as remaining, o.decisions from owed o
                left join taken t using (beneficiary_id) where o.owed - coalesce(t.taken, 0) > 0),
            ordered as (
                select g.gid, g.amount_vnd, r.remaining, r.decisions,
                       coalesce(sum(g.amount_vnd) over (partition by g.beneficiary_id
                           order by array_position(array['REGULAR', 'ARREARS', 'LEVEL_DIFFERENCE', 'ADJUSTMENT', 'CARRY_OVER'], g.kind),
                                    g.for_month, g.gid
                           rows between unbounded preceding and 1 preceding), 0) as before
                from gen_lines g join left_to_take r using (beneficiary_id) where g.kind <> 'FUNERAL'),
            take as (
                select gid, decisions, least(amount_vnd, greatest(0, remaining - before)) as take from ordered)
            update gen_lines g set amount_vnd = g.amount_vnd - t.take, recovered_vnd = t.take,
                   note = coalesce(g.note || '; ', '') || 'RECOVERY ' || t.take || coalesce(' (' || t.decisions || ')', '')
            from take t where g.gid = t.gid and t.take > 0
            """;

    /**
     * Funeral support (Điều 11): a multiple of the standard level, once, to the family of someone who
     * died while entitled under the program, since $4. $1 province, $2 program, $3 month, $4 first
     * month, $5 multiple.
     */
    static final String FUNERAL = """
            insert into gen_lines (beneficiary_id, commune_code, kind, for_month, standard_level_vnd, amount_vnd, note)
            select p.beneficiary_id, p.commune_code, 'FUNERAL', $3::date, lvl.amount_vnd,
                   lvl.amount_vnd * coalesce(lvl.funeral_multiple, $5::bigint),
                   'DEATH ' || to_char(d.effective_month, 'YYYY-MM') || ' ×' || coalesce(lvl.funeral_multiple, $5::bigint)
            from gen_people p
            cross join lateral (
                select s.effective_month from beneficiary_status_change s
                where s.beneficiary_id = p.beneficiary_id and s.to_status = 'ENDED' and s.reason = 'DEATH'
                order by s.recorded_at desc limit 1) d
            cross join lateral (
                select amount_vnd, funeral_multiple from standard_level
                where province_code = $1::text and program = $2::text and effective_from <= $3::date and state = 'APPROVED'
                order by effective_from desc limit 1) lvl
            where p.status = 'ENDED' and $2::text in ('SOCIAL_ASSISTANCE', 'SOCIAL_PENSION')
              and d.effective_month between $4::date and $3::date
              and exists (select 1 from entitlement e where e.beneficiary_id = p.beneficiary_id and e.program = $2::text
                          and e.start_month < d.effective_month
                          and (e.end_month is null or e.end_month >= (d.effective_month - interval '1 month')::date))
              and not exists (select 1 from payment_line x where x.beneficiary_id = p.beneficiary_id and x.kind = 'FUNERAL')
            """;

    /**
     * Numbers the lines (by commune, person, kind, month) and fixes each one's channel and recipient:
     * the payment method in force for the month, paid to the representative it names while their
     * authorization is valid; without a method, cash at the commune's payment point (at home for
     * someone who cannot travel). When the authorization has expired, a beneficiary who can travel collects
     * cash at the point in person; one who cannot (housebound, or paid at home by their method) or a child
     * (under 16 in the month, Nghị định 20/2021 Điều 5.1) is never sent to the cash point: the line goes to home
     * delivery, noted so the field officer and the commune review who may receive (domain.md §3: cash at home
     * for those who cannot travel and have no one to collect for them). A cash point chosen in the method
     * is used only if it serves the line's commune (a move may have left it behind); otherwise the commune's
     * own. Funeral support and whatever a deceased person is still owed go to the family: by the channel of the
     * family payee approved for them (their account, or cash at a point of the commune), else cash at the
     * commune's payment point. $1 cycle id, $2 month.
     */
    static final String NUMBER_AND_ROUTE = """
            with methods as (
                select distinct on (beneficiary_id) * from payment_method
                where effective_from_month <= $2::date and (effective_to_month is null or effective_to_month >= $2::date)
                order by beneficiary_id, effective_from_month desc),
            points as (
                select distinct on (commune_code) commune_code, id from payment_point where active
                order by commune_code, created_at, id),
            family as (
                select distinct on (beneficiary_id) * from family_payee
                where state = 'APPROVED' and beneficiary_id in (select beneficiary_id from gen_people where end_reason = 'DEATH')
                order by beneficiary_id, checked_at desc, id),
            routed as (
                select g.*, m.id as method_id, m.method, m.representative_id as method_rep, m.payment_point_id as method_point,
                       p.mobility, (g.kind = 'FUNERAL' or p.end_reason = 'DEATH') as dead,
                       f.channel as family_channel, f.payment_method_id as family_method, f.representative_id as family_rep,
                       f.payment_point_id as family_point,
                       (m.representative_id is null or (r.valid_from <= ($2::date + interval '1 month' - interval '1 day')::date
                            and (r.valid_to is null or r.valid_to >= $2::date))) as rep_valid,
                       date_part('year', age(($2::date + interval '1 month' - interval '1 day')::date, p.date_of_birth))::int < 16 as child
                from gen_lines g
                join gen_people p on p.beneficiary_id = g.beneficiary_id
                left join methods m on m.beneficiary_id = g.beneficiary_id and g.kind <> 'FUNERAL' and p.end_reason is distinct from 'DEATH'
                left join representative r on r.id = m.representative_id
                left join family f on f.beneficiary_id = g.beneficiary_id and (g.kind = 'FUNERAL' or p.end_reason = 'DEATH')),
            channelled as (
                select x.*,
                       case when x.dead then coalesce(x.family_channel, 'CASH_AT_POINT')
                            when x.method_id is null then case when x.mobility = 'CANNOT_TRAVEL' then 'HOME_DELIVERY' else 'CASH_AT_POINT' end
                            when not x.rep_valid and (x.mobility = 'CANNOT_TRAVEL' or x.method = 'HOME_DELIVERY' or x.child)
                                then 'HOME_DELIVERY'
                            when not x.rep_valid then 'CASH_AT_POINT'
                            else x.method end as channel
                from routed x)
            insert into payment_line (cycle_id, line_no, beneficiary_id, commune_code, kind, for_month, entitlement_id,
                                      category_code, coefficient, standard_level_vnd, amount_vnd, channel, recipient_kind,
                                      payment_method_id, representative_id, payment_point_id, source_line_id, adjustment_id, note,
                                      recovered_vnd)
            select $1::uuid,
                   row_number() over (order by x.commune_code collate "C", x.beneficiary_id,
                       array_position(array['REGULAR', 'ARREARS', 'LEVEL_DIFFERENCE', 'ADJUSTMENT', 'CARRY_OVER', 'FUNERAL'], x.kind),
                       x.for_month, x.entitlement_id, x.source_line_id, x.adjustment_id),
                   x.beneficiary_id, x.commune_code, x.kind, x.for_month, x.entitlement_id, x.category_code, x.coefficient,
                   x.standard_level_vnd, x.amount_vnd, x.channel,
                   case when x.dead then 'FAMILY' when x.rep_valid and x.method_rep is not null then 'REPRESENTATIVE'
                        else 'BENEFICIARY' end,
                   case when x.dead then x.family_method when x.rep_valid then x.method_id end,
                   case when x.dead then x.family_rep when x.rep_valid then x.method_rep end,
                   case when x.channel = 'CASH_AT_POINT'
                        then coalesce(case when x.dead then x.family_point when x.rep_valid then mp.id end, pt.id) end,
                   x.source_line_id, x.adjustment_id,
                   coalesce(x.note, case when x.dead then null
                                         when not x.rep_valid and x.child then 'REPRESENTATIVE_AUTHORIZATION_EXPIRED_CHILD_REVIEW'
                                         when not x.rep_valid then 'REPRESENTATIVE_AUTHORIZATION_EXPIRED' end),
                   x.recovered_vnd
            from channelled x
            left join points pt on pt.commune_code = x.commune_code
            left join payment_point mp on mp.id = x.method_point and mp.commune_code = x.commune_code and mp.active
            """;

    /** Control totals of a cycle by channel, commune and kind, and overall. $1 cycle id. */
    static final String TOTALS = """
            insert into payment_cycle_total (cycle_id, dimension, key, line_count, amount_vnd)
            select $1::uuid,
                   case when grouping(channel) = 0 then 'CHANNEL' when grouping(commune_code) = 0 then 'COMMUNE'
                        when grouping(kind) = 0 then 'KIND' else 'ALL' end,
                   coalesce(channel, commune_code, kind, 'ALL'), count(*), coalesce(sum(amount_vnd), 0)
            from payment_line where cycle_id = $1::uuid
            group by grouping sets ((channel), (commune_code), (kind), ())
            """;

    /**
     * Count, total and the hash of a cycle's lines: SHA-256 over the SHA-256 of each line's canonical
     * text, in line order. Computed at generation and again before closing. $1 cycle id.
     */
    static final String SEAL = """
            select count(*)::int, coalesce(sum(amount_vnd), 0)::bigint,
                   encode(sha256(coalesce(string_agg(sha256(convert_to(format('%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s',
                       line_no, beneficiary_id, commune_code, kind, for_month, entitlement_id, category_code, coefficient,
                       standard_level_vnd, amount_vnd, channel, recipient_kind, payment_method_id, representative_id,
                       payment_point_id, coalesce(source_line_id::text, adjustment_id::text))
                       -- a recovery is part of what was approved; lines without one hash as they always did
                       || case when recovered_vnd > 0 then '|R' || recovered_vnd else '' end, 'UTF8')), ''::bytea order by line_no),
                       ''::bytea)), 'hex')
            from payment_line where cycle_id = $1::uuid
            """;
}
