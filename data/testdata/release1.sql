-- A database as release 1 (commit 475e27a) left it: migrated, seeded, then staff work: pjsx import
-- of edits.csv (two seeded figures changed, two new) and a figure deleted as RemoveFigure wrote it.
-- Made with that release's binary and sqlite3 .dump; read by TestUpgradeKeepsStaffWork.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
INSERT INTO schema_migrations VALUES(1,'0001_init.sql','2026-11-30T00:59:49.049276232Z');
INSERT INTO schema_migrations VALUES(2,'0002_staff.sql','2026-11-30T00:59:49.049771821Z');
INSERT INTO schema_migrations VALUES(10,'0010_current_figures.sql','2026-11-30T00:59:49.05060964Z');
INSERT INTO schema_migrations VALUES(15,'0015_session_idle.sql','2026-11-30T00:59:49.051110868Z');
CREATE TABLE regions (
    code        TEXT PRIMARY KEY,
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    province_zh TEXT NOT NULL,
    province_en TEXT NOT NULL,
    sort        INTEGER NOT NULL DEFAULT 0
);
INSERT INTO regions VALUES('pinggu','平谷区','Pinggu','北京市','Beijing',1);
INSERT INTO regions VALUES('jizhou','蓟州区','Jizhou','天津市','Tianjin',2);
INSERT INTO regions VALUES('sanhe','三河市','Sanhe','河北省','Hebei',3);
INSERT INTO regions VALUES('xinglong','兴隆县','Xinglong','河北省','Hebei',4);
CREATE TABLE categories (
    code    TEXT PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    sort    INTEGER NOT NULL DEFAULT 0
);
INSERT INTO categories VALUES('mechanism','协同机制','Mechanism',1);
INSERT INTO categories VALUES('ecology','生态环境','Ecology',2);
INSERT INTO categories VALUES('transport','交通互联','Transport',3);
INSERT INTO categories VALUES('industry','产业融合','Industry',4);
INSERT INTO categories VALUES('public_services','公共服务','Public services',5);
INSERT INTO categories VALUES('healthcare','医疗卫生','Healthcare',6);
CREATE TABLE metrics (
    code           TEXT PRIMARY KEY,
    category       TEXT NOT NULL REFERENCES categories(code),
    name_zh        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    unit_zh        TEXT NOT NULL,
    unit_en        TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('count', 'percent', 'length', 'amount', 'ratio')),
    cumulative     INTEGER NOT NULL DEFAULT 0,
    min_value      REAL,
    max_value      REAL,
    target_value   REAL,
    target_date    TEXT,
    decimals       INTEGER NOT NULL DEFAULT 0,
    description_zh TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    headline       INTEGER NOT NULL DEFAULT 0,
    sort           INTEGER NOT NULL DEFAULT 0,
    retired_at     TEXT
);
INSERT INTO metrics VALUES('cross_border_bus_lines','transport','跨省公交线路','Cross-province bus lines','条','lines','count',1,NULL,NULL,NULL,NULL,0,'平谷区开通的跨省公交线路条数','Cross-province bus lines opened from Pinggu',1,1,NULL);
INSERT INTO metrics VALUES('rail22_pinggu_progress','transport','22号线平谷段完成总工程量','Line 22 Pinggu section: share of total works done','%','%','percent',1,NULL,NULL,100.0,NULL,1,'北京地铁22号线(平谷线)平谷段完成的总工程量比例','Share of the total works of Beijing Metro Line 22 (Pinggu Line) done in the Pinggu section',1,2,NULL);
INSERT INTO metrics VALUES('rail22_main_structure','transport','22号线主体结构完成','Line 22 main structures done','%','%','percent',1,NULL,NULL,100.0,NULL,1,'22号线全线主体结构完成比例','Share of Line 22''s main structures built, whole line',1,3,NULL);
INSERT INTO metrics VALUES('rail22_station_structure','transport','22号线车站主体结构完成','Line 22 station main structures done','%','%','percent',1,NULL,NULL,100.0,NULL,1,'车站主体结构完成比例;全线与河北段为不同口径,分列为不同系列','Share of station main structures built; the whole line and the Hebei section are separate series',1,4,NULL);
INSERT INTO metrics VALUES('rail22_interval_structure','transport','22号线区间主体结构完成','Line 22 interval main structures done','%','%','percent',1,NULL,NULL,100.0,NULL,1,'区间(站间)主体结构完成比例;全线与河北段为不同口径,分列为不同系列','Share of interval (between stations) main structures built; the whole line and the Hebei section are separate series',1,5,NULL);
INSERT INTO metrics VALUES('medical_expert_workstations','healthcare','共建专家工作站','Joint medical expert workstations','个','workstations','count',1,NULL,NULL,NULL,NULL,0,'在京津冀多家医院挂牌共建的专家工作站','Expert workstations set up with hospitals across Beijing, Tianjin and Hebei',1,6,NULL);
INSERT INTO metrics VALUES('joint_meetings','mechanism','多层级联席会议','Multi-level joint meetings','次','meetings','count',1,NULL,NULL,NULL,NULL,0,'自2014年以来累计召开的多层级联席会议','Multi-level joint meetings held since 2014, cumulative',0,10,NULL);
INSERT INTO metrics VALUES('cooperation_mechanisms','mechanism','协同发展机制','Cooperation mechanisms','个','mechanisms','count',1,NULL,NULL,NULL,NULL,0,'在多个领域制定的协同发展机制','Cooperation mechanisms set up across fields',0,11,NULL);
INSERT INTO metrics VALUES('agreements_signed','mechanism','签订协议','Agreements signed','个','agreements','count',1,NULL,NULL,NULL,NULL,0,'四地签订的合作协议','Cooperation agreements signed among the four places',0,12,NULL);
INSERT INTO metrics VALUES('mines_restored','ecology','废弃矿山修复治理','Abandoned mines restored','宗','sites','count',1,NULL,NULL,NULL,NULL,0,'完成修复治理的废弃矿山','Abandoned mine sites restored',0,20,NULL);
INSERT INTO metrics VALUES('firebreak_km','ecology','边界区森林防火隔离带','Border-area forest firebreaks','公里','km','length',1,0.0,NULL,NULL,NULL,0,'边界区建成的森林防火隔离带长度(宽度50米)','Length of forest firebreaks built along the borders (50 m wide)',0,21,NULL);
INSERT INTO metrics VALUES('sea_rail_trains','industry','天津港—马坊海铁联运','Tianjin Port–Mafang sea-rail trains','列','trains','count',1,NULL,NULL,NULL,NULL,0,'开通的天津港—马坊海铁联运班列','Tianjin Port–Mafang sea-rail trains opened',0,30,NULL);
INSERT INTO metrics VALUES('tourism_routes','industry','精品旅游线路','Featured tourism routes','条','routes','count',1,NULL,NULL,NULL,NULL,0,'四地联合推出的精品旅游线路','Featured tourism routes launched together',0,31,NULL);
INSERT INTO metrics VALUES('emergency_hotels','public_services','平急两用储备酒店','Dual-use (normal/emergency) reserve hotels','家','hotels','count',1,NULL,NULL,NULL,NULL,0,'协同兴隆县储备的平急两用酒店','Hotels held in reserve with Xinglong for normal and emergency use',0,40,NULL);
INSERT INTO metrics VALUES('emergency_rooms','public_services','平急两用隔离房间','Dual-use isolation rooms','间','rooms','count',1,NULL,NULL,NULL,NULL,0,'储备酒店中的隔离房间','Isolation rooms in the reserve hotels',0,41,NULL);
INSERT INTO metrics VALUES('cross_province_services','public_services','跨省通办事项','Cross-province government services','项','services','count',1,NULL,NULL,NULL,NULL,0,'累计实现跨省通办的政务服务事项','Government services that can be handled across provinces, cumulative',0,42,NULL);
INSERT INTO metrics VALUES('cross_province_partners','public_services','跨省通办合作市县区','Cross-province service partner cities and counties','个','partners','count',1,NULL,NULL,NULL,NULL,0,'与平谷达成跨省通办合作的市县区','Cities, counties and districts with a cross-province service agreement with Pinggu',0,43,NULL);
INSERT INTO metrics VALUES('medical_talent_trained','healthcare','培训、培养医学人才','Medical staff trained','人','people','count',1,NULL,NULL,NULL,NULL,0,'培训、培养的医学人才','Medical staff trained and developed',0,50,NULL);
INSERT INTO metrics VALUES('endoscopy_centers','healthcare','软硬镜微创医疗中心','Endoscopy (minimally invasive) centres','个','centres','count',1,NULL,NULL,NULL,NULL,0,'共建的软硬镜微创医疗中心','Minimally invasive endoscopy centres built together',0,51,NULL);
CREATE TABLE observations (
    id          INTEGER PRIMARY KEY,
    metric      TEXT NOT NULL REFERENCES metrics(code),
    region      TEXT REFERENCES regions(code),
    period      TEXT NOT NULL,
    granularity TEXT NOT NULL CHECK (granularity IN ('year', 'quarter', 'month', 'day')),
    value       REAL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    source      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    supersedes  INTEGER REFERENCES observations(id),
    entered_by  TEXT NOT NULL,
    entered_at  TEXT NOT NULL,
    demo        INTEGER NOT NULL DEFAULT 0,
    CHECK (deleted = 1 OR value IS NOT NULL)
);
INSERT INTO observations VALUES(1,'joint_meetings',NULL,'2024-01-01','year',9.0,0,'《平谷区奋力书写京津冀协同发展新篇章!》(2024年,京津冀协同发展十周年报道):先后召开多层级联席会议9次','2014年以来累计',NULL,'seed','2026-11-30T00:59:49.053195938Z',0);
INSERT INTO observations VALUES(2,'cooperation_mechanisms',NULL,'2024-01-01','year',20.0,0,'《平谷区奋力书写京津冀协同发展新篇章!》(2024年,京津冀协同发展十周年报道):在多个领域制定协同发展机制20个','',NULL,'seed','2026-11-30T00:59:49.053452714Z',0);
INSERT INTO observations VALUES(3,'agreements_signed',NULL,'2024-01-01','year',43.0,0,'《平谷区奋力书写京津冀协同发展新篇章!》(2024年,京津冀协同发展十周年报道):签订协议43个','',NULL,'seed','2026-11-30T00:59:49.053900548Z',0);
INSERT INTO observations VALUES(4,'mines_restored','pinggu','2024-01-01','year',36.0,0,'《平谷区奋力书写京津冀协同发展新篇章!》(2024年,京津冀协同发展十周年报道):完成废弃矿山修复治理36宗,提前完成“十四五”矿山生态修复目标任务','',NULL,'seed','2026-11-30T00:59:49.054358231Z',0);
INSERT INTO observations VALUES(5,'firebreak_km',NULL,'2024-01-01','year',143.0,0,'《平谷区奋力书写京津冀协同发展新篇章!》(2024年,京津冀协同发展十周年报道):完成边界区143公里森林防火隔离带建设(宽度50米)','',NULL,'seed','2026-11-30T00:59:49.054651306Z',0);
INSERT INTO observations VALUES(6,'rail22_pinggu_progress','pinggu','2024-01-01','year',60.0,0,'《平谷区奋力书写京津冀协同发展新篇章!》(2024年,京津冀协同发展十周年报道):平谷段已经完成总工程量的60%','',NULL,'seed','2026-11-30T00:59:49.054970182Z',0);
INSERT INTO observations VALUES(7,'rail22_station_structure',NULL,'2024-02-26','day',38.299999999999997158,0,'China Daily, 2024-02-26: station main structures 38.3 percent complete','全线口径',NULL,'seed','2026-11-30T00:59:49.055222231Z',0);
INSERT INTO observations VALUES(8,'rail22_interval_structure',NULL,'2024-02-26','day',15.400000000000000355,0,'China Daily, 2024-02-26: interval main structures 15.4 percent complete','全线口径',NULL,'seed','2026-11-30T00:59:49.055468823Z',0);
INSERT INTO observations VALUES(9,'rail22_station_structure','sanhe','2025-05-10','day',60.0,0,'新京报,2025-05-10:河北段车站主体结构完成60%','河北段口径',NULL,'seed','2026-11-30T00:59:49.05571327Z',0);
INSERT INTO observations VALUES(10,'rail22_interval_structure','sanhe','2025-05-10','day',59.0,0,'新京报,2025-05-10:区间主体结构完成59%','河北段口径',NULL,'seed','2026-11-30T00:59:49.055985391Z',0);
INSERT INTO observations VALUES(11,'rail22_main_structure',NULL,'2023-06-03','day',27.0,0,'北京青年报,2023-06-03:主体结构目前完成27%','全线口径',NULL,'seed','2026-11-30T00:59:49.056375431Z',0);
INSERT INTO observations VALUES(12,'cross_border_bus_lines','pinggu','2024-01-01','year',8.0,0,'《平谷区奋力书写京津冀协同发展新篇章!》(2024年,京津冀协同发展十周年报道):陆续开通了……等8条跨省公交线路','',NULL,'seed','2026-11-30T00:59:49.056850802Z',0);
INSERT INTO observations VALUES(13,'sea_rail_trains','pinggu','2024-01-01','year',6.0,0,'《平谷区奋力书写京津冀协同发展新篇章!》(2024年,京津冀协同发展十周年报道):开通天津港-马坊海铁联运6列','',NULL,'seed','2026-11-30T00:59:49.057104484Z',0);
INSERT INTO observations VALUES(14,'tourism_routes',NULL,'2024-01-01','year',11.0,0,'《平谷区奋力书写京津冀协同发展新篇章!》(2024年,京津冀协同发展十周年报道):十年间陆续推出了11条精品旅游线路','',NULL,'seed','2026-11-30T00:59:49.057362418Z',0);
INSERT INTO observations VALUES(15,'emergency_hotels','xinglong','2024-01-01','year',3.0,0,'《平谷区奋力书写京津冀协同发展新篇章!》(2024年,京津冀协同发展十周年报道):协同河北兴隆县储备3家酒店837间隔离房间','',NULL,'seed','2026-11-30T00:59:49.057618923Z',0);
INSERT INTO observations VALUES(16,'emergency_rooms','xinglong','2024-01-01','year',837.0,0,'《平谷区奋力书写京津冀协同发展新篇章!》(2024年,京津冀协同发展十周年报道):协同河北兴隆县储备3家酒店837间隔离房间','',NULL,'seed','2026-11-30T00:59:49.057874556Z',0);
INSERT INTO observations VALUES(17,'cross_province_services','pinggu','2024-01-01','year',3489.0,0,'《平谷区奋力书写京津冀协同发展新篇章!》(2024年,京津冀协同发展十周年报道):与天津、河北等地19个市县区达成“跨省通办”合作,累计3489项','累计',NULL,'seed','2026-11-30T00:59:49.058120407Z',0);
INSERT INTO observations VALUES(18,'cross_province_partners','pinggu','2024-01-01','year',19.0,0,'《平谷区奋力书写京津冀协同发展新篇章!》(2024年,京津冀协同发展十周年报道):与天津、河北等地19个市县区达成“跨省通办”合作','',NULL,'seed','2026-11-30T00:59:49.058356194Z',0);
INSERT INTO observations VALUES(19,'medical_talent_trained','pinggu','2024-01-01','year',414.0,0,'《平谷区奋力书写京津冀协同发展新篇章!》(2024年,京津冀协同发展十周年报道):培训、培养医学人才414人','',NULL,'seed','2026-11-30T00:59:49.058622932Z',0);
INSERT INTO observations VALUES(20,'medical_expert_workstations','pinggu','2024-01-01','year',22.0,0,'《平谷区奋力书写京津冀协同发展新篇章!》(2024年,京津冀协同发展十周年报道):在京津冀多家医院挂牌共建22个专家工作站','',NULL,'seed','2026-11-30T00:59:49.058874299Z',0);
INSERT INTO observations VALUES(21,'endoscopy_centers','pinggu','2024-01-01','year',10.0,0,'《平谷区奋力书写京津冀协同发展新篇章!》(2024年,京津冀协同发展十周年报道):10个以上软硬镜微创医疗中心','原文为“10个以上”,10为下限',NULL,'seed','2026-11-30T00:59:49.059122787Z',0);
INSERT INTO observations VALUES(22,'joint_meetings',NULL,'2024-01-01','year',10.0,0,'平谷区协同办 2024年12月核对','staff correction',1,'shell:clerk','2026-11-30T00:59:49.061042573Z',0);
INSERT INTO observations VALUES(23,'rail22_station_structure',NULL,'2024-02-26','day',38.399999999999998578,0,'staff source','',7,'shell:clerk','2026-11-30T00:59:49.061042573Z',0);
INSERT INTO observations VALUES(24,'rail22_station_structure','sanhe','2025-02-21','day',61.0,0,'三河市轨道办','staff figure',NULL,'shell:clerk','2026-11-30T00:59:49.061042573Z',0);
INSERT INTO observations VALUES(25,'cross_border_bus_lines','sanhe','2023-01-01','year',4.0,0,'三河交通局','',NULL,'shell:clerk','2026-11-30T00:59:49.061042573Z',0);
INSERT INTO observations VALUES(26,'endoscopy_centers','pinggu','2024-01-01','year',NULL,1,'duplicate of the hospital list','',21,'clerk','2026-11-30T01:00:00Z',0);
CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL,
    date       TEXT NOT NULL,
    precision  TEXT NOT NULL CHECK (precision IN ('year', 'month', 'day')),
    title_zh   TEXT NOT NULL,
    title_en   TEXT NOT NULL,
    category   TEXT REFERENCES categories(code),
    region     TEXT REFERENCES regions(code),
    source     TEXT NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0,
    entered_by TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    demo       INTEGER NOT NULL DEFAULT 0
);
INSERT INTO events VALUES(1,1,'2014-01-01','year','建立“平蓟三兴”协同发展工作机制','Ping-Ji-San-Xing cooperation mechanism set up','mechanism',NULL,'《平谷区奋力书写京津冀协同发展新篇章!》(2024年,京津冀协同发展十周年报道):自2014年建立“平蓟三兴”协同发展工作机制',0,'seed','2026-11-30T00:59:49.059280985Z',0);
INSERT INTO events VALUES(2,2,'2016-01-01','year','共同申请创建全国首个跨区域国家生态文明先行示范区','Joint application for the first cross-regional national ecological civilisation pilot zone','ecology',NULL,'《平谷区奋力书写京津冀协同发展新篇章!》(2024年,京津冀协同发展十周年报道):2016年,与蓟州区、廊坊北三县共同申请创建全国首个跨区域国家生态文明先行示范区',0,'seed','2026-11-30T00:59:49.059368168Z',0);
INSERT INTO events VALUES(3,3,'2020-12-28','day','天津港—平谷(马坊)海铁联运首趟试运行班列开行','Tianjin Port–Pinggu (Mafang) sea-rail route: first trial train','industry','pinggu','北京日报,2020-12-30',0,'seed','2026-11-30T00:59:49.059441875Z',0);
INSERT INTO events VALUES(4,4,'2021-06-26','day','22号线河北段开工建设(建设期2021—2025年)','Line 22 Hebei section construction starts (build period 2021–2025)','transport','sanhe','河北日报,2021-06-27',0,'seed','2026-11-30T00:59:49.059529534Z',0);
INSERT INTO events VALUES(5,5,'2023-01-01','year','签订《“平蓟三兴”协同发展合作框架协议》','Ping-Ji-San-Xing cooperation framework agreement signed','mechanism',NULL,'《平谷区奋力书写京津冀协同发展新篇章!》(2024年,京津冀协同发展十周年报道):会后签订了《“平蓟三兴”协同发展合作框架协议》',0,'seed','2026-11-30T00:59:49.059601353Z',0);
INSERT INTO events VALUES(6,6,'2023-01-01','year','2023世界农业科技创新大会在平谷举办','2023 World Agricultural Science and Technology Innovation Conference held in Pinggu','industry','pinggu','《平谷区奋力书写京津冀协同发展新篇章!》(2024年,京津冀协同发展十周年报道):成功举办2023世界农业科技创新大会',0,'seed','2026-11-30T00:59:49.059675986Z',0);
INSERT INTO events VALUES(7,7,'2023-09-03','day','天津港—马坊海铁联运班列常态化运行','Tianjin Port–Mafang sea-rail train runs as a regular service','industry','pinggu','北京青年报,2023-09',0,'seed','2026-11-30T00:59:49.059740973Z',0);
INSERT INTO events VALUES(8,8,'2024-01-31','day','“平谷区—蓟州—兴隆”公交专线试运行(43个站点)','Pinggu–Jizhou–Xinglong bus line starts trial operation (43 stops)','transport',NULL,'人民日报,2024-02-17',0,'seed','2026-11-30T00:59:49.059772537Z',0);
INSERT INTO events VALUES(9,9,'2024-12-01','month','承平高速河北段通车','Chengping Expressway Hebei section opens','transport',NULL,'河北日报',0,'seed','2026-11-30T00:59:49.059848803Z',0);
INSERT INTO events VALUES(10,10,'2024-12-01','month','四地签署“京东黄金走廊”框架协议','“Jingdong Golden Corridor” framework agreement signed by the four','mechanism',NULL,'新闻报道,2025',0,'seed','2026-11-30T00:59:49.060003826Z',0);
INSERT INTO events VALUES(11,11,'2025-11-19','day','22号线河北段开始铺轨','Line 22 Hebei section starts track-laying','transport','sanhe','新闻报道,2025-11-21',0,'seed','2026-11-30T00:59:49.060033447Z',0);
INSERT INTO events VALUES(12,12,'2026-01-01','day','承平高速北京段通车','Chengping Expressway Beijing section opens to traffic','transport','pinggu','新京报,2026-01',0,'seed','2026-11-30T00:59:49.060054109Z',0);
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO meta VALUES('data_version','3');
INSERT INTO meta VALUES('seed_version','1');
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role          TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    regions       TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    disabled_at   TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    csrf       TEXT NOT NULL,
    addr       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
, seen_at TEXT NOT NULL DEFAULT '');
CREATE TABLE audit (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    addr    TEXT NOT NULL DEFAULT '',
    action  TEXT NOT NULL,
    target  TEXT NOT NULL DEFAULT '',
    before  TEXT NOT NULL DEFAULT '',
    after   TEXT NOT NULL DEFAULT ''
);
INSERT INTO audit VALUES(1,'2026-11-30T00:59:49.061042573Z','shell:clerk','local','figure.import','figure:joint_meetings/joint/2024','{"id":1,"metric":"joint_meetings","region":"","period":"2024-01-01","granularity":"year","value":9,"source":"《平谷区奋力书写京津冀协同发展新篇章!》(2024年,京津冀协同发展十周年报道):先后召开多层级联席会议9次","note":"2014年以来累计","entered_by":"seed","entered_at":"2026-11-30T00:59:49.053195938Z"}','{"id":22,"metric":"joint_meetings","region":"","period":"2024-01-01","granularity":"year","value":10,"source":"平谷区协同办 2024年12月核对","note":"staff correction","supersedes":1,"entered_by":"shell:clerk","entered_at":"2026-11-30T00:59:49.061042573Z"}');
INSERT INTO audit VALUES(2,'2026-11-30T00:59:49.061042573Z','shell:clerk','local','figure.import','figure:rail22_station_structure/joint/2024-02-26','{"id":7,"metric":"rail22_station_structure","region":"","period":"2024-02-26","granularity":"day","value":38.3,"source":"China Daily, 2024-02-26: station main structures 38.3 percent complete","note":"全线口径","entered_by":"seed","entered_at":"2026-11-30T00:59:49.055222231Z"}','{"id":23,"metric":"rail22_station_structure","region":"","period":"2024-02-26","granularity":"day","value":38.4,"source":"staff source","supersedes":7,"entered_by":"shell:clerk","entered_at":"2026-11-30T00:59:49.061042573Z"}');
INSERT INTO audit VALUES(3,'2026-11-30T00:59:49.061042573Z','shell:clerk','local','figure.import','figure:rail22_station_structure/sanhe/2025-02-21','','{"id":24,"metric":"rail22_station_structure","region":"sanhe","period":"2025-02-21","granularity":"day","value":61,"source":"三河市轨道办","note":"staff figure","entered_by":"shell:clerk","entered_at":"2026-11-30T00:59:49.061042573Z"}');
INSERT INTO audit VALUES(4,'2026-11-30T00:59:49.061042573Z','shell:clerk','local','figure.import','figure:cross_border_bus_lines/sanhe/2023','','{"id":25,"metric":"cross_border_bus_lines","region":"sanhe","period":"2023-01-01","granularity":"year","value":4,"source":"三河交通局","entered_by":"shell:clerk","entered_at":"2026-11-30T00:59:49.061042573Z"}');
CREATE TABLE import_drafts (
    id         TEXT PRIMARY KEY,
    session    TEXT NOT NULL,
    file_name  TEXT NOT NULL,
    rows_json  TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE current_figures (
    metric         TEXT NOT NULL,
    region         TEXT NOT NULL,
    period         TEXT NOT NULL,
    observation_id INTEGER NOT NULL REFERENCES observations(id),
    deleted        INTEGER NOT NULL,
    PRIMARY KEY (metric, region, period)
) WITHOUT ROWID;
INSERT INTO current_figures VALUES('agreements_signed','','2024-01-01',3,0);
INSERT INTO current_figures VALUES('cooperation_mechanisms','','2024-01-01',2,0);
INSERT INTO current_figures VALUES('cross_border_bus_lines','pinggu','2024-01-01',12,0);
INSERT INTO current_figures VALUES('cross_border_bus_lines','sanhe','2023-01-01',25,0);
INSERT INTO current_figures VALUES('cross_province_partners','pinggu','2024-01-01',18,0);
INSERT INTO current_figures VALUES('cross_province_services','pinggu','2024-01-01',17,0);
INSERT INTO current_figures VALUES('emergency_hotels','xinglong','2024-01-01',15,0);
INSERT INTO current_figures VALUES('emergency_rooms','xinglong','2024-01-01',16,0);
INSERT INTO current_figures VALUES('endoscopy_centers','pinggu','2024-01-01',26,1);
INSERT INTO current_figures VALUES('firebreak_km','','2024-01-01',5,0);
INSERT INTO current_figures VALUES('joint_meetings','','2024-01-01',22,0);
INSERT INTO current_figures VALUES('medical_expert_workstations','pinggu','2024-01-01',20,0);
INSERT INTO current_figures VALUES('medical_talent_trained','pinggu','2024-01-01',19,0);
INSERT INTO current_figures VALUES('mines_restored','pinggu','2024-01-01',4,0);
INSERT INTO current_figures VALUES('rail22_interval_structure','','2024-02-26',8,0);
INSERT INTO current_figures VALUES('rail22_interval_structure','sanhe','2025-05-10',10,0);
INSERT INTO current_figures VALUES('rail22_main_structure','','2023-06-03',11,0);
INSERT INTO current_figures VALUES('rail22_pinggu_progress','pinggu','2024-01-01',6,0);
INSERT INTO current_figures VALUES('rail22_station_structure','','2024-02-26',23,0);
INSERT INTO current_figures VALUES('rail22_station_structure','sanhe','2025-02-21',24,0);
INSERT INTO current_figures VALUES('rail22_station_structure','sanhe','2025-05-10',9,0);
INSERT INTO current_figures VALUES('sea_rail_trains','pinggu','2024-01-01',13,0);
INSERT INTO current_figures VALUES('tourism_routes','','2024-01-01',14,0);
CREATE INDEX observations_series ON observations (metric, region, period, id);
CREATE TRIGGER observations_append_only_update BEFORE UPDATE ON observations
BEGIN SELECT RAISE(ABORT, 'observations are append-only'); END;
CREATE TRIGGER observations_append_only_delete BEFORE DELETE ON observations
BEGIN SELECT RAISE(ABORT, 'observations are append-only'); END;
CREATE INDEX events_current ON events (event_id, id);
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE INDEX sessions_user ON sessions (user_id);
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER observations_keep_current AFTER INSERT ON observations
BEGIN
    INSERT INTO current_figures (metric, region, period, observation_id, deleted)
    VALUES (new.metric, coalesce(new.region, ''), new.period, new.id, new.deleted)
    ON CONFLICT (metric, region, period) DO UPDATE
        SET observation_id = excluded.observation_id, deleted = excluded.deleted
        WHERE excluded.observation_id > current_figures.observation_id;
END;
COMMIT;
